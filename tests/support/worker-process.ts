// Worker processes for the queue tests: the real `sitewatch worker` (or the
// probe worker), on the test file's own database and store, with a short
// lease so a killed worker's job is taken again within seconds. They run at
// the normal CPU priority: these tests are about claims and leases, and a
// worker at nice 10 beside the browser tests gets so little CPU that it loses
// its leases (the priority itself is measured by \`npm run bench:jobs\`).
import path from "node:path";
import { ROOT } from "../setup/paths";
import { startProcess, type StartedProcess } from "./start-process";

export type WorkerProcess = StartedProcess;

export const TEST_LEASE_MS = 3000;

export async function startWorker(args: { probe?: boolean; concurrency?: number; env?: Record<string, string> } = {}): Promise<WorkerProcess> {
  const script = args.probe ? path.join(ROOT, "tests", "support", "probe-worker.mjs") : path.join(ROOT, "bin", "sitewatch.mjs");
  return startProcess({
    what: "worker",
    argv: args.probe ? [script] : [script, "worker", "--concurrency", String(args.concurrency ?? 1)],
    env: {
      ...process.env,
      SITEWATCH_JOB_LEASE_MS: String(TEST_LEASE_MS),
      SITEWATCH_WORKER_POLL_MS: "50",
      SITEWATCH_WORKER_NICE: "0",
      PROBE_CONCURRENCY: String(args.concurrency ?? 2),
      ...args.env,
    },
    ready: " ready",
  });
}

/** How long a worker may take to stop after SIGTERM before a test calls it hung (its grace period is 10 s). */
export const STOP_WAIT_MS = 90_000;

/**
 * Waits for the worker to exit. One that has not exited after `STOP_WAIT_MS` is
 * hung: it is killed (so it holds no lock or lease that would stall the tests
 * after it) and the wait fails with what it printed.
 */
export async function waitForExit(w: WorkerProcess, ms = STOP_WAIT_MS): Promise<number | string> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<"hung">((resolve) => (timer = setTimeout(() => resolve("hung"), ms)));
  const end = await Promise.race([w.exited, hung]);
  clearTimeout(timer);
  if (end !== "hung") return end;
  w.child.kill("SIGKILL");
  await w.exited;
  throw new Error(`worker ${w.pid} did not exit ${ms / 1000} s after it was asked to stop; it printed:\n${w.log.join("").slice(-8000)}`);
}

export async function stopWorker(w: WorkerProcess): Promise<number | string> {
  if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill("SIGTERM");
  return waitForExit(w);
}
