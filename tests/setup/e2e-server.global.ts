// For the browser tests: the production build (rebuilt when stale), a fresh
// database migrated and seeded with the demo, and the real server on a free port.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { freePort } from "../../scripts/free-port";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { buildIfStale } from "../../scripts/build-if-stale";
import { startProcess } from "../support/start-process";
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
  const server = await startProcess({ what: "server", argv: ["server.mjs"], env: { ...env, PORT: String(port), HOST: "127.0.0.1" }, ready: "ready on" });
  const worker = await startProcess({ what: "worker", argv: ["bin/sitewatch.mjs", "worker", "--concurrency", "1"], env, ready: " ready " });
  const baseUrl = `http://127.0.0.1:${port}`;
  const firstLoad = Date.now();
  await fetch(`${baseUrl}/`);
  console.log(`e2e: server ready at ${baseUrl}; first page load ${Date.now() - firstLoad} ms`);
  project.provide("baseUrl", baseUrl);
  project.provide("e2eDatabase", path.join(dir, "sitewatch.db"));
  project.provide("e2eWorkerPid", worker.pid);

  return async () => {
    server.child.kill("SIGTERM");
    worker.child.kill("SIGCONT");
    worker.child.kill("SIGTERM");
    if (process.env.SITEWATCH_E2E_LOG) console.log(server.log.join(""), worker.log.join(""));
  };
}
