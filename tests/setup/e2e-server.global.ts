// For the browser tests: the production build (rebuilt when stale), a fresh
// database migrated and seeded with the demo, and the real server on a free port.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { freePort } from "../../scripts/free-port";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { buildIfStale } from "../../scripts/build-if-stale";
import { ROOT, TMP } from "./paths";

/** Small, so that the too-large upload test sends only a few MiB. */
export const E2E_MAX_UPLOAD_BYTES = 4 * 1024 * 1024;

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    e2eDatabase: string;
    /** The one worker beside the server (tests may pause it with SIGSTOP to see a job wait in the queue). */
    e2eWorkerPid: number;
  }
}

export default async function setup(project: TestProject) {
  const started = Date.now();
  if (buildIfStale(ROOT, { quiet: true })) console.log(`e2e: built the app in ${((Date.now() - started) / 1000).toFixed(0)} s`);

  const dir = path.join(TMP, "e2e");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const env = {
    ...process.env,
    DATABASE_URL: `file:${path.join(dir, "sitewatch.db")}`,
    SITEWATCH_DATA_DIR: dir,
    NODE_ENV: "production" as const,
    NEXT_TELEMETRY_DISABLED: "1",
    SITEWATCH_MAX_UPLOAD_BYTES: String(E2E_MAX_UPLOAD_BYTES),
  };
  for (const [cmd, args] of [
    ["prisma", ["migrate", "deploy"]],
    ["tsx", ["prisma/seed.ts"]],
  ] as const) {
    const r = spawnSync(path.join(ROOT, "node_modules", ".bin", cmd), args, { cwd: ROOT, env, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed:\n${r.stdout}\n${r.stderr}`);
  }

  const port = await freePort();
  const server: ChildProcess = spawn(process.execPath, ["server.mjs"], { cwd: ROOT, env: { ...env, PORT: String(port), HOST: "127.0.0.1" }, stdio: ["ignore", "pipe", "pipe"] });
  const log: string[] = [];
  server.stderr!.on("data", (c: Buffer) => log.push(c.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start in 60 s:\n${log.join("")}`)), 60_000);
    server.stdout!.on("data", (c: Buffer) => {
      log.push(c.toString());
      if (c.toString().includes("ready on")) {
        clearTimeout(timer);
        resolve();
      }
    });
    server.on("exit", (code) => reject(new Error(`the server exited with ${code}:\n${log.join("")}`)));
  });
  const worker: ChildProcess = spawn(process.execPath, ["bin/sitewatch.mjs", "worker", "--concurrency", "1"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const workerLog: string[] = [];
  worker.stdout!.on("data", (c: Buffer) => workerLog.push(c.toString()));
  worker.stderr!.on("data", (c: Buffer) => workerLog.push(c.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the worker did not start in 60 s:\n${workerLog.join("")}`)), 60_000);
    worker.stdout!.on("data", (c: Buffer) => {
      if (c.toString().includes(" ready ")) {
        clearTimeout(timer);
        resolve();
      }
    });
    worker.on("exit", (code) => reject(new Error(`the worker exited with ${code}:\n${workerLog.join("")}`)));
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const firstLoad = Date.now();
  await fetch(`${baseUrl}/`);
  console.log(`e2e: server ready at ${baseUrl}; first page load ${Date.now() - firstLoad} ms`);
  project.provide("baseUrl", baseUrl);
  project.provide("e2eDatabase", path.join(dir, "sitewatch.db"));
  project.provide("e2eWorkerPid", worker.pid!);

  return async () => {
    server.kill("SIGTERM");
    worker.kill("SIGCONT");
    worker.kill("SIGTERM");
    if (process.env.SITEWATCH_E2E_LOG) console.log(log.join(""), workerLog.join(""));
  };
}
