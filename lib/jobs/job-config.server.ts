// The queue's timings, from the environment (tests make them short).
import os from "node:os";

function ms(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

export const jobConfig = {
  /** How long a worker holds a job without renewing it; a dead worker's job is taken again after this. */
  get leaseMs() {
    return ms("SITEWATCH_JOB_LEASE_MS", 30_000);
  },
  /** How often a worker renews its lease, writes progress and looks for a cancel request. */
  get heartbeatMs() {
    return Math.min(500, Math.max(50, Math.floor(this.leaseMs / 4)));
  },
  /** How often an idle worker looks for queued work. */
  get pollMs() {
    return ms("SITEWATCH_WORKER_POLL_MS", 100);
  },
  /** How long a stopping worker lets its running jobs finish before it gives them back to the queue. */
  get graceMs() {
    return ms("SITEWATCH_WORKER_GRACE_MS", 10_000);
  },
  /** Default worker concurrency: one core left for the web server and the database. */
  get defaultConcurrency() {
    return Math.max(1, os.availableParallelism() - 1);
  },
};
