// The HTTP boundary (lib/http/route.server.ts): JSON bodies read with a limit
// while they stream in, text that cannot be stored refused naming the field,
// error messages capped, the Origin check on the whole origin, and the scheme
// taken from the connection (server.mjs), never from a client's header.
import { afterEach, describe, expect, it } from "vitest";
import { DomainError, MAX_MESSAGE_CHARS } from "@/lib/errors";
import { assertSameOrigin, BODY_LIMITS, errorResponse, publicOrigin, readJson, readJsonLimited, readOptionalJson, requestScheme } from "@/lib/http/route.server";

/** A body that streams `total` bytes in 64 KB chunks without a Content-Length, counting what was pulled. */
function streamingRequest(total: number): { request: Request; pulled: () => number } {
  let sent = 0;
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  const request = new Request("http://127.0.0.1:3000/api/auth/login", { method: "POST", body, duplex: "half" } as RequestInit);
  return { request, pulled: () => sent };
}

const post = (body: string, headers: Record<string, string> = {}) => new Request("http://127.0.0.1:3000/api/x", { method: "POST", body, headers });
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e as DomainError,
  );

describe("JSON bodies", () => {
  it("refuses a declared Content-Length over the limit before reading", async () => {
    const e = await refusal(readJsonLimited({ request: post("{}", { "content-length": String(100 * 1024 * 1024) }), maxBytes: 1024 }));
    expect(e?.code).toBe("too_large");
    expect(e?.message).toMatch(/at most 1 KB/);
  });

  it("stops reading a chunked body as soon as it passes the limit", async () => {
    const { request, pulled } = streamingRequest(100 * 1024 * 1024);
    const e = await refusal(readJson(request));
    expect(e?.code).toBe("too_large");
    // Read up to the limit and a chunk or two of read-ahead, not 100 MB.
    expect(pulled()).toBeLessThan(BODY_LIMITS.default + 4 * 64 * 1024);
  });

  it("readJson has a default limit; readOptionalJson too, and reads an empty body as {}", async () => {
    const big = JSON.stringify({ note: "x".repeat(BODY_LIMITS.default) });
    expect((await refusal(readJson(post(big))))?.code).toBe("too_large");
    expect((await refusal(readOptionalJson(post(big))))?.code).toBe("too_large");
    expect(await readJson(post(big), BODY_LIMITS.text)).toEqual(JSON.parse(big));
    expect(await readOptionalJson(post(""))).toEqual({});
  });

  it("refuses bodies that are not JSON or not UTF-8", async () => {
    expect((await refusal(readJson(post("{"))))?.message).toMatch(/not valid JSON/);
    const latin1 = new Request("http://127.0.0.1/api/x", { method: "POST", body: new Uint8Array([0x22, 0xe9, 0x22]) });
    expect((await refusal(readJson(latin1)))?.message).toMatch(/not UTF-8/);
  });

  it("refuses a lone UTF-16 surrogate in any string, naming its path", async () => {
    const body = '{"description":"ok","sources":[{"title":"fine"},{"title":"bad \\ud800 here"}]}';
    const e = await refusal(readJson(post(body)));
    expect(e?.code).toBe("bad_input");
    expect(e?.message).toMatch(/^sources\.1\.title: /);
    expect((await refusal(readJson(post('{"a\\udc00":1}'))))?.message).toMatch(/^a\uFFFD: /);
    expect((await refusal(readJson(post('"\\udfff"'))))?.message).toMatch(/^the request body: /);
    // A well-formed pair (an emoji) is fine.
    expect(await readJson(post('{"t":"\\ud83d\\ude00"}'))).toEqual({ t: "😀" });
  });

  it("survives a deeply nested body", async () => {
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    await expect(readJson(post(deep), BODY_LIMITS.geometry)).resolves.toBeDefined();
  });
});

describe("error messages", () => {
  it(`are capped at ${MAX_MESSAGE_CHARS} characters with an ellipsis`, async () => {
    const res = errorResponse(new DomainError("unprocessable", `bands ${"8, ".repeat(60_000)}`));
    const { error } = (await res.json()) as { error: { message: string } };
    expect(error.message.length).toBe(MAX_MESSAGE_CHARS);
    expect(error.message.endsWith("…")).toBe(true);
    const short = (await errorResponse(new DomainError("bad_input", "short")).json()) as { error: { message: string } };
    expect(short.error.message).toBe("short");
  });
});

describe("origin and scheme", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });
  const write = (origin: string | null, headers: Record<string, string> = {}) =>
    new Request("http://127.0.0.1:3000/api/x", { method: "POST", headers: { host: "127.0.0.1:3000", ...(origin ? { origin } : {}), ...headers } });
  const check = (r: Request) => {
    try {
      assertSameOrigin(r);
      return "ok";
    } catch (e) {
      return (e as DomainError).code;
    }
  };

  it("compares scheme, host and port, not the host alone", () => {
    const http = { "x-sitewatch-client-proto": "http" };
    expect(check(write("http://127.0.0.1:3000", http))).toBe("ok");
    expect(check(write("https://127.0.0.1:3000", http))).toBe("forbidden");
    expect(check(write("http://127.0.0.1:4000", http))).toBe("forbidden");
    expect(check(write("http://127.0.0.1", http))).toBe("forbidden");
    expect(check(write("http://evil.example:3000", http))).toBe("forbidden");
    expect(check(write("null", http))).toBe("forbidden");
    expect(check(write(null))).toBe("ok");
    expect(check(write(null, { "sec-fetch-site": "cross-site" }))).toBe("forbidden");
  });

  it("an https site accepts its https origin (default port) and refuses its http one", () => {
    const tls = (origin: string) =>
      new Request("https://sitewatch.example/api/x", { method: "POST", headers: { host: "sitewatch.example", origin, "x-sitewatch-client-proto": "https" } });
    expect(check(tls("https://sitewatch.example"))).toBe("ok");
    expect(check(tls("https://sitewatch.example:443"))).toBe("ok");
    expect(check(tls("http://sitewatch.example"))).toBe("forbidden");
  });

  it("takes X-Forwarded-Host only from a trusted proxy, and SITEWATCH_PUBLIC_ORIGIN as a whole origin", () => {
    const proxied = (origin: string) => write(origin, { "x-forwarded-host": "sitewatch.example", "x-sitewatch-client-proto": "https" });
    expect(check(proxied("https://sitewatch.example"))).toBe("forbidden");
    process.env.SITEWATCH_TRUST_PROXY = "1";
    expect(check(proxied("https://sitewatch.example"))).toBe("ok");
    expect(check(proxied("http://sitewatch.example"))).toBe("forbidden");
    delete process.env.SITEWATCH_TRUST_PROXY;
    process.env.SITEWATCH_PUBLIC_ORIGIN = "https://public.example";
    expect(check(write("https://public.example"))).toBe("ok");
    expect(check(write("http://public.example"))).toBe("forbidden");
  });

  it("the scheme comes from server.mjs's header, not from X-Forwarded-Proto", () => {
    const r = (headers: Record<string, string>) => new Request("http://127.0.0.1:3000/", { headers });
    expect(requestScheme(r({ "x-forwarded-proto": "https" }))).toBe("http");
    expect(requestScheme(r({ "x-sitewatch-client-proto": "https" }))).toBe("https");
    expect(publicOrigin(r({ host: "127.0.0.1:3000", "x-forwarded-proto": "https" }))).toBe("http://127.0.0.1:3000");
  });
});
