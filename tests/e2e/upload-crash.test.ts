// SIGKILL of the web server in the middle of an upload: once a server is back
// on the same data, no temp or staged file and no row of that upload is left
// (the server sweeps, when it starts, what a dead process left in the store).
// Its own server and data folder: the shared e2e server is not killed.
import { spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/free-port";
import { IMAGERY, ROOT, TMP } from "../setup/paths";
import { startProcess } from "../support/start-process";
import { olindaTestSite } from "./helpers";

const dir = path.join(TMP, "e2e-upload-crash");
const env = { ...process.env, DATABASE_URL: `file:${path.join(dir, "sitewatch.db")}`, SITEWATCH_DATA_DIR: dir, NODE_ENV: "production" as const, NEXT_TELEMETRY_DISABLED: "1" };
const servers: ChildProcess[] = [];

async function startServer(port: number): Promise<ChildProcess> {
  const server = await startProcess({ what: "server", argv: ["server.mjs"], env: { ...env, PORT: String(port), HOST: "127.0.0.1" }, ready: "ready on" });
  servers.push(server.child);
  return server.child;
}

function rows(sql: string): unknown[] {
  const db = new Database(path.join(dir, "sitewatch.db"), { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}

function filesUnder(sub: string): string[] {
  const d = path.join(dir, "store", sub);
  return fs.existsSync(d) ? fs.readdirSync(d) : [];
}

afterAll(() => {
  for (const s of servers) s.kill("SIGKILL");
});

describe("the web server killed during an upload", () => {
  it("leaves no staged file and no row once a server is back", async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const migrate = spawnSync(path.join(ROOT, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], { cwd: ROOT, env, encoding: "utf8" });
    expect(migrate.status, migrate.stderr).toBe(0);
    const user = spawnSync(process.execPath, ["bin/sitewatch.mjs", "user", "create", "--email", "crash@example.org", "--role", "analyst"], {
      cwd: ROOT,
      env,
      input: "crash-test-password-1",
      encoding: "utf8",
    });
    expect(user.status, user.stderr).toBe(0);

    const port = await freePort();
    const first = await startServer(port);
    const base = `http://127.0.0.1:${port}`;
    const login = await fetch(`${base}/api/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: "crash@example.org", password: "crash-test-password-1" }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
    const site = await fetch(`${base}/api/sites`, {
      method: "POST",
      headers: { cookie, "Content-Type": "application/json", Origin: base },
      body: JSON.stringify(olindaTestSite("Crash test site")),
    });
    expect(site.status, await site.clone().text()).toBe(201);
    const siteId = ((await site.json()) as { site: { id: string } }).site.id;

    // Half of a real GeoTIFF, then the body stays open: the server is streaming it to a temp file when it dies.
    const file = fs.readFileSync(path.join(IMAGERY, "L7_ETMs.tif"));
    const boundary = "crashboundary";
    const head = new TextEncoder().encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="acquiredAt"\r\n\r\n2001-07-15\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="L7_ETMs.tif"\r\nContent-Type: image/tiff\r\n\r\n`,
    );
    let sent = false;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (sent) return new Promise<void>(() => undefined);
        sent = true;
        controller.enqueue(head);
        controller.enqueue(new Uint8Array(file.subarray(0, file.length >> 1)));
      },
    });
    const upload = fetch(`${base}/api/sites/${siteId}/scenes`, {
      method: "POST",
      headers: { cookie, Origin: base, "Content-Type": `multipart/form-data; boundary=${boundary}` },
      body,
      duplex: "half",
    } as RequestInit).catch((e: unknown) => e);
    const start = Date.now();
    while (!filesUnder(".tmp").some((f) => f.endsWith(".part"))) {
      if (Date.now() - start > 30_000) throw new Error("the upload never reached the store's temp area");
      await new Promise((r) => setTimeout(r, 20));
    }
    first.kill("SIGKILL");
    expect(await upload).toBeInstanceOf(Error);
    expect(filesUnder(".tmp").filter((f) => f.endsWith(".part"))).toHaveLength(1);

    await startServer(port);
    expect(filesUnder(".tmp")).toEqual([]);
    expect(filesUnder(".staging")).toEqual([]);
    expect(rows("select id from Scene")).toEqual([]);
    expect(rows("select id from Job")).toEqual([]);
    // The server that came back works: the same file uploads in full.
    const form = new FormData();
    form.append("acquiredAt", "2001-07-15");
    form.append("license", "CC-BY-4.0");
    form.append("attribution", "test");
    form.append("file", new Blob([file]), "L7_ETMs.tif");
    const again = await fetch(`${base}/api/sites/${siteId}/scenes`, { method: "POST", headers: { cookie, Origin: base }, body: form });
    expect(again.status).toBe(202);
    expect(rows("select status from Scene")).toEqual([{ status: "PROCESSING" }]);
  });
});
