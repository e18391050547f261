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

export async function stopWorker(w: WorkerProcess): Promise<number | string> {
  if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill("SIGTERM");
  return w.exited;
}
