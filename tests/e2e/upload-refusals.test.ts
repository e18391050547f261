// POST /api/sites/:id/scenes with each hostile file: 422 with a
// message naming the file, and no file and no row left behind.
import fs from "node:fs";
import path from "node:path";
import { inject, describe, expect, it } from "vitest";
import { E2E_MAX_UPLOAD_BYTES } from "../setup/e2e-server.global";
import { IMAGERY } from "../setup/paths";
import { baseUrl, DEMO_PASSWORD, queryDb } from "./helpers";

function storedFiles(): string[] {
  const store = path.join(path.dirname(inject("e2eDatabase")), "store");
  return fs
    .readdirSync(store, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort();
}

async function analystCookie(): Promise<string> {
  const login = await fetch(`${baseUrl()}/api/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: "analyst@example.org", password: DEMO_PASSWORD }),
  });
  return login.headers.get("set-cookie")!.split(";")[0]!;
}

describe("scene upload over HTTP", () => {
  it("answers an oversized upload sent without Content-Length with 413 before the body ends, and keeps no temp file", async () => {
    const cookie = await analystCookie();
    const [site] = queryDb<{ id: string }>("select id from Site where slug = 'olinda'");
    const boundary = "sitewatchboundary";
    const head = new TextEncoder().encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="acquiredAt"\r\n\r\n2010-01-01\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.tif"\r\nContent-Type: image/tiff\r\n\r\n`,
    );
    const chunk = new Uint8Array(256 * 1024);
    let sent = 0;
    // "Promptly", whatever the machine's speed: a chunked body (no Content-Length)
    // that, past twice the limit, stays open and never ends until the answer has
    // come. A server that waited for the end of the body would never answer (and
    // the test would time out).
    let answered!: () => void;
    const untilAnswered = new Promise<void>((resolve) => (answered = resolve));
    let ended = false;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (sent === 0) controller.enqueue(head);
        if (sent >= 2 * E2E_MAX_UPLOAD_BYTES) {
          await untilAnswered;
          ended = true;
          return controller.close();
        }
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const r = await fetch(`${baseUrl()}/api/sites/${site!.id}/scenes`, {
      method: "POST",
      headers: { cookie, "Content-Type": `multipart/form-data; boundary=${boundary}` },
      body,
      duplex: "half",
    } as RequestInit);
    expect(ended, "the answer came before the body ended").toBe(false);
    answered();
    expect(r.status).toBe(413);
    expect((await r.json()).error.message).toMatch(/larger than the 4 MiB limit/);
    expect(storedFiles().filter((f) => f.endsWith(".part"))).toEqual([]);
  });

  it("refuses every hostile file with its reason and leaves nothing behind", async () => {
    const cookie = await analystCookie();
    const [site] = queryDb<{ id: string }>("select id from Site where slug = 'olinda'");
    const hostile = ["bad", "hostile"].flatMap((dir) => fs.readdirSync(path.join(IMAGERY, dir)).map((f) => path.join(dir, f)));
    for (const file of hostile) {
      const before = { files: storedFiles(), rows: queryDb("select id from Scene").length };
      const form = new FormData();
      form.append("acquiredAt", "2010-01-01");
      form.append("license", "proprietary");
      form.append("attribution", "test");
      form.append("file", new Blob([fs.readFileSync(path.join(IMAGERY, file))]), path.basename(file));
      const r = await fetch(`${baseUrl()}/api/sites/${site!.id}/scenes`, { method: "POST", headers: { cookie }, body: form });
      expect(r.status, file).toBe(422);
      const body = await r.json();
      expect(body.error.message).toContain(path.basename(file));
      expect(storedFiles(), file).toEqual(before.files);
      expect(queryDb("select id from Scene").length, file).toBe(before.rows);
    }
  });
});
