// Worker processes for the queue tests: the real `sitewatch worker` (or the
// probe worker), on the test file's own database and store, with a short
// lease so a killed worker's job is taken again within seconds.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { ROOT } from "../setup/paths";

export interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  log: string[];
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
}

export const TEST_LEASE_MS = 1500;

export async function startWorker(args: { probe?: boolean; concurrency?: number; env?: Record<string, string> } = {}): Promise<WorkerProcess> {
  const script = args.probe ? path.join(ROOT, "tests", "support", "probe-worker.mjs") : path.join(ROOT, "bin", "sitewatch.mjs");
  const argv = args.probe ? [script] : [script, "worker", "--concurrency", String(args.concurrency ?? 1)];
  const child = spawn(process.execPath, argv, {
    cwd: ROOT,
    env: {
      ...process.env,
      SITEWATCH_JOB_LEASE_MS: String(TEST_LEASE_MS),
      SITEWATCH_WORKER_POLL_MS: "50",
      PROBE_CONCURRENCY: String(args.concurrency ?? 2),
      ...args.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log: string[] = [];
  child.stdout!.on("data", (c: Buffer) => log.push(c.toString()));
  child.stderr!.on("data", (c: Buffer) => log.push(c.toString()));
  const exited = new Promise<number | string>((resolve) => child.on("exit", (code, signal) => resolve(code ?? signal ?? -1)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the worker did not start in 60 s:\n${log.join("")}`)), 60_000);
    const check = () => {
      if (log.join("").includes(" ready")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", check);
    void exited.then((code) => reject(new Error(`the worker exited (${code}) before it was ready:\n${log.join("")}`)));
  });
  return { child, pid: child.pid!, log, exited };
}

export async function stopWorker(w: WorkerProcess): Promise<number | string> {
  if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill("SIGTERM");
  return w.exited;
}
