// `npm run demo` — migrates (creating data/sitewatch.db if missing), seeds the
// demo idempotently, builds the app when the build is missing or older than
// the sources, and starts the production server and one job worker (scene
// conversion, change detection). Ctrl-C stops both. A worker that stops on its
// own is started again; if the server stops, the demo stops.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { buildIfStale, isBuildStale } from "./build-if-stale";

const root = path.resolve(import.meta.dirname, "..");
process.chdir(root);
process.env.DATABASE_URL ??= "file:./data/sitewatch.db";
const port = process.env.PORT ?? "3000";
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

function run(cmd: string, args: string[], what: string): void {
  console.log(`\n› ${what}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", env: process.env });
  if (r.status !== 0) {
    console.error(`${what} failed (exit ${r.status}).`);
    process.exit(r.status ?? 1);
  }
}

fs.mkdirSync(path.join(root, "data"), { recursive: true });
run(bin("prisma"), ["migrate", "deploy"], "Applying database migrations");
run(bin("tsx"), ["prisma/seed.ts"], "Seeding the demo data");
if (isBuildStale(root) || process.env.SITEWATCH_FORCE_BUILD === "1") {
  console.log("\n› Building the app (the first run takes a minute or two)");
  buildIfStale(root, { force: true });
} else console.log("\n› The build is up to date.");

const { DEMO_ACCOUNTS, DEMO_PASSWORD } = await import("../prisma/seed/demo-data");
const server = spawn(process.execPath, ["server.mjs"], {
  stdio: ["ignore", "pipe", "inherit"],
  env: { ...process.env, NODE_ENV: "production", PORT: port, SITEWATCH_EXIT_WITH_PARENT: "1" },
});
server.stdout.on("data", (chunk: Buffer) => {
  process.stdout.write(chunk);
  if (chunk.toString().includes("ready on")) {
    console.log(`
────────────────────────────────────────────────────────────
 Sitewatch demo: http://localhost:${port}
 Public map:      http://localhost:${port}/
 Sign in:         http://localhost:${port}/login
 Accounts (password for all: ${DEMO_PASSWORD}):
${DEMO_ACCOUNTS.map((a) => `   ${a.role.toLowerCase().padEnd(8)} ${a.email}`).join("\n")}
 WARNING: these accounts and this password are for local use only.
 Never expose this demo database to a network.
────────────────────────────────────────────────────────────`);
  }
});
// The demo's children stop with it, even if it is killed without a chance to stop them.
const childEnv = { ...process.env, SITEWATCH_EXIT_WITH_PARENT: "1" };
let stopping = false;

/** The worker: restarted if it stops on its own (the web server goes on answering meanwhile). */
function startWorker(): ChildProcess {
  const child = spawn(process.execPath, ["bin/sitewatch.mjs", "worker", "--concurrency", "1"], { stdio: ["ignore", "pipe", "inherit"], env: childEnv });
  child.stdout!.on("data", (chunk: Buffer) => process.stdout.write(chunk.toString().replace(/^(?=.)/gm, "[worker] ")));
  child.on("exit", (code, signal) => {
    if (stopping) return done();
    console.error(`sitewatch demo: the worker stopped (${signal ?? `exit ${code}`}); starting a new one in 2 s. Queued work waits meanwhile.`);
    setTimeout(() => {
      if (!stopping) worker = startWorker();
    }, 2_000);
  });
  return child;
}
let worker = startWorker();

let running = 2;
function done(): void {
  if (--running === 0) process.exit();
}
function stopAll(signal: NodeJS.Signals, code: number): void {
  if (!stopping) {
    stopping = true;
    server.kill(signal);
    if (worker.exitCode === null && worker.signalCode === null) worker.kill(signal);
    else done();
  }
  process.exitCode = code;
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => stopAll(signal, 0));
server.on("exit", (code) => {
  if (!stopping) {
    console.error(`sitewatch demo: the server stopped (exit ${code}); stopping the worker too.`);
    stopAll("SIGTERM", code ?? 1);
  }
  done();
});
