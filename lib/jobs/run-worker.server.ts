// `sitewatch worker`: claims queued jobs and runs up to `concurrency` at once
// until `stop` aborts. Then it takes no more work, lets its running jobs finish
// for a grace period and gives the rest back to the queue. It also takes back
// the jobs of workers that died (their lease expired, or at once when the dead
// worker ran on this host) and sweeps the leftovers of dead processes from the store.
import os from "node:os";
import { sweepStore } from "../storage/sweep-store.server";
import { getJobQueue } from "./get-job-queue.server";
import { goneLeaseOwners } from "./gone-lease-owners.server";
import { jobConfig } from "./job-config.server";
import { JOB_KINDS, type JobKinds } from "./job-kinds.server";
import { runClaimedJob, type RunEnd } from "./run-claimed-job.server";
import { settleJob } from "./settle-job.server";
import { forgetGoneWorkers, removeWorker, reportWorkerAlive, WORKER_REPORT_MS } from "./worker-presence.server";

const SWEEP_EVERY_MS = 10 * 60 * 1000;

export interface WorkerEvents {
  ready?(workerId: string): void;
  started?(job: { id: string; kind: string; attempts: number }): void;
  ended?(job: { id: string; kind: string }, end: RunEnd): void;
  error?(what: string, e: unknown): void;
}

export function workerIdOf(): string {
  return `${os.hostname()}:${process.pid}`;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

export async function runWorker(args: { concurrency: number; stop: AbortSignal; kinds?: JobKinds; events?: WorkerEvents }): Promise<void> {
  const { concurrency, stop, events = {} } = args;
  const kinds = args.kinds ?? JOB_KINDS;
  const queue = getJobQueue();
  const workerId = workerIdOf();
  const shutdown = new AbortController();
  const running = new Map<string, Promise<void>>();
  const runningBackground = new Set<string>();
  const foreground = Object.keys(kinds).filter((k) => !kinds[k]!.background);
  const background = Object.keys(kinds).filter((k) => kinds[k]!.background);
  /** Aborted when a running job ends, so an idle wait ends at once and a free slot is filled. */
  let wake = new AbortController();

  await sweepStore().catch((e: unknown) => events.error?.("sweeping the store", e));
  await forgetGoneWorkers().catch((e: unknown) => events.error?.("clearing workers long gone", e));
  let lastSweep = Date.now();
  let lastReclaim = 0;
  let lastReport = 0;
  let failures = 0;
  let lastErrorLog = 0;
  events.ready?.(workerId);

  while (!stop.aborted) {
    const now = Date.now();
    try {
      if (now - lastReclaim >= Math.min(jobConfig.leaseMs / 2, 5_000)) {
        lastReclaim = now;
        for (const job of await queue.reclaimExpired({ goneOwners: await goneLeaseOwners() })) await settleJob({ job, kinds });
        for (const kind of Object.values(kinds)) await kind.reconcile?.();
      }
      if (now - lastReport >= WORKER_REPORT_MS) {
        lastReport = now;
        await reportWorkerAlive({ workerId, concurrency, running: running.size });
      }
      if (now - lastSweep >= SWEEP_EVERY_MS) {
        lastSweep = now;
        await sweepStore();
      }
      // Work people wait for first, in `concurrency` slots; background work in one slot of its own.
      let job = running.size - runningBackground.size < concurrency && foreground.length ? await queue.claim({ workerId, leaseMs: jobConfig.leaseMs, kinds: foreground }) : null;
      if (!job && runningBackground.size === 0 && background.length) {
        job = await queue.claim({ workerId, leaseMs: jobConfig.leaseMs, kinds: background });
        if (job) runningBackground.add(job.id);
      }
      if (job) {
        const claimed = job;
        events.started?.(claimed);
        const run = runClaimedJob({ queue, job: claimed, workerId, kinds, shutdown: shutdown.signal })
          .then((end) => events.ended?.(claimed, end))
          .catch((e: unknown) => events.error?.(`running job ${claimed.id}`, e))
          .finally(() => {
            running.delete(claimed.id);
            runningBackground.delete(claimed.id);
            wake.abort();
          });
        running.set(claimed.id, run);
        continue;
      }
      failures = 0;
    } catch (e) {
      // The database is away (locked for long, a disk full): say so once a minute, and wait longer each time, up to 5 s.
      failures++;
      if (Date.now() - lastErrorLog > 60_000 || failures === 1) {
        lastErrorLog = Date.now();
        events.error?.("reading the queue", e);
      }
    }
    if (wake.signal.aborted) wake = new AbortController();
    await sleep(failures ? Math.min(5_000, jobConfig.pollMs * 2 ** failures) : jobConfig.pollMs, AbortSignal.any([stop, wake.signal]));
  }

  // Stopping: no new work; running jobs get a grace period, then go back to the queue.
  if (running.size) {
    const grace = new AbortController();
    const timer = setTimeout(() => grace.abort(), jobConfig.graceMs);
    await Promise.race([Promise.all(running.values()), new Promise((r) => grace.signal.addEventListener("abort", r, { once: true }))]);
    clearTimeout(timer);
    shutdown.abort();
    await Promise.all(running.values());
  }
  await removeWorker({ workerId }).catch(() => undefined);
}
