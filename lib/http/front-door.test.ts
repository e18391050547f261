// The front door's rules, against a real node:http server and client: what it
// keeps, what it answers from memory, and what it never keeps.
import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { acceptedEncodings, createFrontDoor, publicUrlClass } from "./front-door";

type Reply = { status: number; headers: Record<string, string>; body: string; cookie?: boolean; hang?: boolean };
let replies: Record<string, Reply>;
let framework: string[];
let generation = 1;
let server: http.Server;
let origin: string;

const door = createFrontDoor({ maxBytes: 64 * 1024 * 1024, generationTtlMs: 0 });
const BIG = `<html><body>${"<p>Olinda</p>".repeat(200)}<script>self.__next_f=[1]</script></body></html>`;

beforeAll(async () => {
  (globalThis as Record<symbol, unknown>)[Symbol.for("sitewatch.publicGeneration")] = async () => generation;
  server = http.createServer((req, res) => {
    void door(req, res, { origin: "http://test" }, () => {
      framework.push(`${req.url} ae=${req.headers["accept-encoding"] ?? ""}`);
      const reply = replies[req.url!] ?? { status: 404, headers: { "content-type": "text/html" }, body: "<p>not found</p>" };
      res.statusCode = reply.status;
      for (const [k, v] of Object.entries(reply.headers)) res.setHeader(k, v);
      if (reply.cookie) res.setHeader("set-cookie", "x=1");
      // Written in two pieces, as a framework streams; or never finished (a framework that stops when the reader goes).
      res.write(reply.body.slice(0, 10));
      if (reply.hang) return;
      setTimeout(() => res.end(reply.body.slice(10)), 5);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  framework = [];
  replies = {};
});

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(`${origin}${path}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on("error", reject);
  });
}

describe("which URLs the front door may keep", () => {
  it("classes public pages and data, and nothing of the workspace", () => {
    expect(publicUrlClass("/sites/olinda/releases/3")).toBe("page-release");
    expect(publicUrlClass("/sites/olinda")).toBe("page-latest");
    expect(publicUrlClass("/")).toBe("page-latest");
    expect(publicUrlClass("/api/public/sites/olinda/changes.csv")).toBe("data");
    expect(publicUrlClass("/tiles/abc/12/1/2.webp")).toBe("data");
    expect(publicUrlClass("/ogc/collections")).toBe("data");
    for (const p of ["/workspace", "/workspace/sites/x", "/api/sites", "/api/scenes/x/cog", "/login", "/api/public/tips", "/sites/olinda/releases/3/x"])
      expect(publicUrlClass(p), p).toBeNull();
  });

  it("reads Accept-Encoding with its weights", () => {
    expect(acceptedEncodings("gzip, deflate, br")).toEqual(["br", "gzip"]);
    expect(acceptedEncodings("br;q=0, gzip")).toEqual(["gzip"]);
    expect(acceptedEncodings(undefined)).toEqual([]);
    expect(acceptedEncodings("*")).toEqual(["br", "gzip"]);
  });
});

describe("a public page", () => {
  it("is rendered once, then answered from memory, compressed as each reader asks, with a length, an ETag and 304", async () => {
    replies["/sites/a/releases/1"] = { status: 200, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "private, no-store" }, body: BIG };
    const first = await get("/sites/a/releases/1", { "accept-encoding": "gzip" });
    expect(framework).toEqual(["/sites/a/releases/1 ae="]);
    expect(first.headers["content-encoding"]).toBe("gzip");
    expect(zlib.gunzipSync(first.body).toString()).toBe(BIG);
    expect(first.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(first.headers["content-security-policy"]).toMatch(/script-src 'self' 'sha256-[^']+'/);

    expect(first.headers["x-cache"]).toBeUndefined();
    const br = await get("/sites/a/releases/1", { "accept-encoding": "br, gzip" });
    expect(br.headers["x-cache"]).toBe("hit");
    const plain = await get("/sites/a/releases/1");
    expect(framework).toHaveLength(1);
    expect(zlib.brotliDecompressSync(br.body).toString()).toBe(BIG);
    expect(plain.body.toString()).toBe(BIG);
    expect(Number(plain.headers["content-length"])).toBe(plain.body.length);
    expect(Number(br.headers["content-length"])).toBe(br.body.length);
    expect(new Set([first.headers.etag, br.headers.etag, plain.headers.etag]).size).toBe(3);

    const again = await get("/sites/a/releases/1", { "if-none-match": String(br.headers.etag), "accept-encoding": "br" });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(framework).toHaveLength(1);
  });

  it("a latest page is dropped when the public generation moves", async () => {
    replies["/sites/b"] = { status: 200, headers: { "content-type": "text/html" }, body: "<p>release 1</p>" };
    expect((await get("/sites/b")).body.toString()).toBe("<p>release 1</p>");
    await get("/sites/b");
    expect(framework).toHaveLength(1);
    generation++;
    replies["/sites/b"]!.body = "<p>release 2</p>";
    expect((await get("/sites/b")).body.toString()).toBe("<p>release 2</p>");
    expect(framework).toHaveLength(2);
  });

  it("a release published by this process shows on the next request, however long the generation is trusted", async () => {
    const slow = createFrontDoor({ maxBytes: 1 << 20, generationTtlMs: 3_600_000 });
    const other = http.createServer((req, res) => {
      void slow(req, res, { origin: "http://test" }, () => {
        framework.push(req.url!);
        res.setHeader("content-type", "text/html");
        res.end(`<p>generation ${generation}</p>`);
      });
    });
    await new Promise<void>((r) => other.listen(0, "127.0.0.1", r));
    const at = `http://127.0.0.1:${(other.address() as AddressInfo).port}/sites/e`;
    try {
      expect(await (await fetch(at)).text()).toBe(`<p>generation ${generation}</p>`);
      generation++;
      // Another server's release: not seen until the generation is read again (within generationTtlMs).
      expect(await (await fetch(at)).text()).toBe(`<p>generation ${generation - 1}</p>`);
      // This process's own (publishRelease calls this through lib/publish/public-generation.server.ts).
      (globalThis as Record<symbol, () => void>)[Symbol.for("sitewatch.publicGenerationMoved")]!();
      expect(await (await fetch(at)).text()).toBe(`<p>generation ${generation}</p>`);
      expect(framework).toEqual(["/sites/e", "/sites/e"]);
    } finally {
      await new Promise<void>((r) => other.close(() => r()));
    }
  });

  it("an error, a response that sets a cookie, and a page asked for with a session cookie are never kept", async () => {
    replies["/sites/c"] = { status: 200, headers: { "content-type": "text/html" }, body: "<p>c</p>", cookie: true };
    replies["/sites/d"] = { status: 200, headers: { "content-type": "text/html" }, body: "<p>d</p>" };
    await get("/sites/missing");
    await get("/sites/missing");
    await get("/sites/c");
    await get("/sites/c");
    await get("/sites/d", { cookie: "sitewatch_session=abc" });
    await get("/sites/d", { cookie: "sitewatch_session=abc" });
    expect(framework).toHaveLength(6);
    // A 404 page still gets its script policy.
    expect((await get("/sites/missing", { accept: "text/html" })).headers["content-security-policy"]).toContain("script-src 'self'");
  });

  it("a workspace page is sent with its policy and compressed, never kept", async () => {
    replies["/workspace"] = { status: 200, headers: { "content-type": "text/html" }, body: BIG };
    const r = await get("/workspace", { accept: "text/html", "accept-encoding": "gzip" });
    await get("/workspace", { accept: "text/html" });
    expect(framework).toEqual(["/workspace ae=", "/workspace ae="]);
    expect(zlib.gunzipSync(r.body).toString()).toBe(BIG);
    expect(r.headers["content-security-policy"]).toMatch(/sha256-/);
    expect(r.headers["cache-control"]).toBeUndefined();
  });
});

describe("a reader who goes away", () => {
  it("leaves nothing waiting: the next reader of the URL is answered", async () => {
    replies["/tiles/s/2/0/0.webp"] = { status: 200, headers: { "content-type": "image/webp", "x-sitewatch-fast-path": "immutable" }, body: "RIFF....WEBP", hang: true };
    const gone = new AbortController();
    const first = fetch(`${origin}/tiles/s/2/0/0.webp`, { signal: gone.signal }).catch((e: unknown) => e);
    await expect.poll(() => framework.length).toBe(1);
    gone.abort();
    expect(await first).toBeInstanceOf(Error);
    replies["/tiles/s/2/0/0.webp"]!.hang = false;
    const second = await get("/tiles/s/2/0/0.webp");
    expect(second.body.toString()).toBe("RIFF....WEBP");
    expect(framework).toHaveLength(2);
  });
});

describe("public data", () => {
  it("is kept only when the route marks it, and the mark never reaches the reader", async () => {
    replies["/api/public/sites/a"] = {
      status: 200,
      headers: { "content-type": "application/json", "x-sitewatch-fast-path": "latest", etag: '"abc"' },
      body: `{"a":"${"x".repeat(2000)}"}`,
    };
    replies["/api/public/sites/unmarked"] = { status: 200, headers: { "content-type": "application/json" }, body: "{}" };
    const a = await get("/api/public/sites/a", { "accept-encoding": "gzip" });
    await get("/api/public/sites/a", { "if-none-match": '"abc"' }).then((r) => expect(r.status).toBe(304));
    await get("/api/public/sites/unmarked");
    await get("/api/public/sites/unmarked");
    expect(framework.map((f) => f.split(" ")[0])).toEqual(["/api/public/sites/a", "/api/public/sites/unmarked", "/api/public/sites/unmarked"]);
    expect(a.headers["x-sitewatch-fast-path"]).toBeUndefined();
    expect(a.headers.etag).toBe('"abc-gzip"');
  });

  it("readers arriving together while it is computed wait for the one computation", async () => {
    replies["/tiles/s/1/0/0.webp"] = { status: 200, headers: { "content-type": "image/webp", "x-sitewatch-fast-path": "immutable", etag: '"t"' }, body: "RIFF....WEBP" };
    const all = await Promise.all(Array.from({ length: 8 }, () => get("/tiles/s/1/0/0.webp", { "accept-encoding": "gzip, br" })));
    expect(framework).toHaveLength(1);
    for (const r of all) {
      expect(r.body.toString()).toBe("RIFF....WEBP");
      expect(r.headers["content-encoding"]).toBeUndefined();
    }
  });
});
