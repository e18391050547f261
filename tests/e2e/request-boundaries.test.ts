// The HTTP boundary against hostile requests, over real HTTP (issue 15):
// - a 100 MB JSON body to the sign-in route (declared, or chunked without a
//   Content-Length, four at once) answers 413 without the server's memory
//   growing by anything like the body (measured on a server of our own);
// - a lone UTF-16 surrogate in JSON or in a multipart field is a 400 naming the field;
// - a date that does not exist is a 400 naming the field (upload, OGC datetime);
// - the session cookie's Secure flag and the Origin check follow the real connection.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freePort } from "../../scripts/free-port";
import { IMAGERY } from "../setup/paths";
import { startProcess, type StartedProcess } from "../support/start-process";
import { baseUrl, DEMO_PASSWORD, queryDb } from "./helpers";

const MB = 1024 * 1024;

/** Resident memory of a process, from /proc (Linux). */
function rssBytes(pid: number): number {
  const line = fs
    .readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith("VmRSS:"))!;
  return Number(line.replace(/\D+/g, "")) * 1024;
}

/**
 * POSTs `total` bytes of a JSON-looking body in 1 MB chunks — with a declared
 * Content-Length, or chunked without one — and stops sending as soon as the
 * answer comes. Resolves with the status, the body and how much was sent.
 */
function sendHugeBody({ url, total, declareLength }: { url: string; total: number; declareLength: boolean }): Promise<{ status: number; body: string; sentBytes: number }> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(MB, 0x20);
    chunk.write('{"email":"a@example.org","password":"', 0);
    let sentBytes = 0;
    let answered = false;
    const req = http.request(url, { method: "POST", headers: { "content-type": "application/json", ...(declareLength ? { "content-length": String(total) } : {}) } });
    req.on("response", (res) => {
      answered = true;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => {
        resolve({ status: res.statusCode!, body, sentBytes });
        req.destroy();
      });
    });
    // The server closes the connection after a 413 while we may still be writing.
    req.on("error", (e) => (answered ? undefined : reject(e)));
    const pump = () => {
      while (!answered && sentBytes < total) {
        sentBytes += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe("JSON body size, before sign-in", () => {
  let server: StartedProcess;
  let url: string;

  beforeAll(async () => {
    // A server of our own (beside the shared one, on the same database and store), so its memory is ours to measure.
    const database = inject("e2eDatabase");
    const port = await freePort();
    server = await startProcess({
      what: "server",
      argv: ["server.mjs"],
      env: { ...process.env, DATABASE_URL: `file:${database}`, SITEWATCH_DATA_DIR: path.dirname(database), NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1" },
      ready: "ready on",
    });
    url = `http://127.0.0.1:${port}/api/auth/login`;
    // Warm the route up (compiled code, the database client) before measuring.
    for (let i = 0; i < 3; i++) await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  });

  afterAll(() => {
    server?.child.kill("SIGTERM");
  });

  it("a declared 100 MB body is refused before it is read", async () => {
    const r = await sendHugeBody({ url, total: 100 * MB, declareLength: true });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body)).toMatchObject({ error: { code: "too_large", message: expect.stringMatching(/too large: this form takes at most 16 KB/) } });
  });

  it("four parallel chunked 100 MB bodies are refused at the limit, and the server's memory does not grow by them", async () => {
    const before = rssBytes(server.pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssBytes(server.pid))), 20);
    try {
      const results = await Promise.all(Array.from({ length: 4 }, () => sendHugeBody({ url, total: 100 * MB, declareLength: false })));
      for (const r of results) {
        expect(r.status).toBe(413);
        expect(JSON.parse(r.body).error.code).toBe("too_large");
      }
    } finally {
      clearInterval(sampler);
    }
    console.log(`e2e: four chunked 100 MB sign-in bodies: server RSS ${Math.round(before / MB)} MB before, peak +${Math.round((peak - before) / MB)} MB`);
    // Four bodies read whole would be 400 MB and more; read to the limit, a few MB of buffers.
    expect(peak - before).toBeLessThan(64 * MB);
    // The server is still answering.
    const ok = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
    expect(ok.status).toBe(400);
  });
});

async function signedIn(email: string): Promise<string> {
  const login = await fetch(`${baseUrl()}/api/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  expect(login.status).toBe(200);
  return login.headers.get("set-cookie")!.split(";")[0]!;
}

describe("text that cannot be stored", () => {
  it("a lone surrogate in a JSON body is a 400 naming the field, not a 500", async () => {
    const cookie = await signedIn("analyst@example.org");
    const [annotation] = queryDb<{ id: string }>("select id from Annotation limit 1");
    const res = await fetch(`${baseUrl()}/api/annotations/${annotation!.id}/comments`, {
      method: "POST",
      headers: { "Content-Type": "application/json", cookie },
      body: '{"body":"looks like a crater \\ud83d here"}',
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/^body: .*broken character/);
  });

  it("a lone surrogate in a public tip is a 400 too", async () => {
    const res = await fetch(`${baseUrl()}/api/public/tips`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: '{"siteSlug":"olinda","message":"see \\udc00 this"}',
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/^message: /);
  });

  it("a multipart field sent in UTF-16 with a lone surrogate is a 400 naming the field", async () => {
    const cookie = await signedIn("analyst@example.org");
    const [site] = queryDb<{ id: string }>("select id from Site where slug = 'olinda'");
    const boundary = "sitewatchboundary";
    const part = (name: string, value: Buffer, type = "text/plain; charset=utf-8") =>
      Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\nContent-Type: ${type}\r\n\r\n`), value, Buffer.from("\r\n")]);
    const body = Buffer.concat([
      part("acquiredAt", Buffer.from("2012-03-04")),
      part("license", Buffer.from("CC-BY-4.0")),
      part("attribution", Buffer.from("test")),
      part("sensor", Buffer.from("Land\ud800sat", "utf16le"), "text/plain; charset=utf-16le"),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="na.tif"\r\nContent-Type: image/tiff\r\n\r\n`),
      fs.readFileSync(path.join(IMAGERY, "na.tif")),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await fetch(`${baseUrl()}/api/sites/${site!.id}/scenes`, {
      method: "POST",
      headers: { "Content-Type": `multipart/form-data; boundary=${boundary}`, cookie },
      body,
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/^sensor: .*broken character/);
  });
});

describe("dates that do not exist", () => {
  it("an upload dated 2024-02-30 is a 400 naming acquiredAt, not a scene of 2024-03-01", async () => {
    const cookie = await signedIn("analyst@example.org");
    const [site] = queryDb<{ id: string }>("select id from Site where slug = 'olinda'");
    const scenes = () => queryDb<{ n: number }>("select count(*) as n from Scene")[0]!.n;
    const before = scenes();
    const form = new FormData();
    form.set("acquiredAt", "2024-02-30");
    form.set("license", "CC-BY-4.0");
    form.set("attribution", "test");
    form.set("file", new Blob([fs.readFileSync(path.join(IMAGERY, "na.tif"))]), "na.tif");
    const res = await fetch(`${baseUrl()}/api/sites/${site!.id}/scenes`, { method: "POST", headers: { cookie }, body: form });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toBe("acquiredAt: 2024-02-30 is not a real date (February 2024 has 29 days)");
    expect(scenes()).toBe(before);
  });

  it("OGC datetime=2024-02-30 is a 400 naming datetime", async () => {
    const res = await fetch(`${baseUrl()}/ogc/collections/changes/items?datetime=2024-02-30`);
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/^datetime: 2024-02-30 is not a real date/);
  });
});

describe("headers", () => {
  it("the session cookie is not marked Secure because a client over plain HTTP says X-Forwarded-Proto: https", async () => {
    const res = await fetch(`${baseUrl()}/api/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Forwarded-Proto": "https" },
      body: JSON.stringify({ email: "editor@example.org", password: DEMO_PASSWORD }),
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).not.toMatch(/;\s*Secure/i);
  });

  it("the Origin check compares scheme, host and port", async () => {
    const own = new URL(baseUrl());
    const logout = (origin: string) => fetch(`${baseUrl()}/api/auth/logout`, { method: "POST", headers: { Origin: origin } }).then((r) => r.status);
    expect(await logout(own.origin)).toBe(200);
    expect(await logout(`https://${own.host}`)).toBe(403);
    expect(await logout(`http://${own.hostname}:${Number(own.port) + 1}`)).toBe(403);
    expect(await logout(`http://${own.hostname}`)).toBe(403);
  });
});
