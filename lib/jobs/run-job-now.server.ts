// Running a queued job in this process, for the command line, the seed and
// tests, which work without a worker (`sitewatch ingest` shows its own
// progress bar). If a worker took the job first, this waits for it instead.
import type { Job } from "@prisma/client";
import os from "node:os";
import { getJobQueue } from "./get-job-queue.server";
import { jobConfig } from "./job-config.server";
import { JOB_KINDS, type JobKinds } from "./job-kinds.server";
import { runClaimedJob } from "./run-claimed-job.server";
import { waitForJob } from "./wait-for-job.server";

export async function runJobNow(args: { jobId: string; kinds?: JobKinds; onProgress?: (fraction: number, message: string) => void; signal?: AbortSignal }): Promise<Job> {
  const queue = getJobQueue();
  const workerId = `${os.hostname()}:${process.pid}:here`;
  const job = await queue.claim({ workerId, leaseMs: jobConfig.leaseMs, jobId: args.jobId });
  // Ctrl-C on the command line cancels the job, as a cancel from the web would.
  const cancel = () => void queue.requestCancel({ jobId: args.jobId });
  args.signal?.addEventListener("abort", cancel, { once: true });
  try {
    if (job) await runClaimedJob({ queue, job, workerId, kinds: args.kinds ?? JOB_KINDS, onProgress: args.onProgress });
  } finally {
    args.signal?.removeEventListener("abort", cancel);
  }
  return waitForJob({ jobId: args.jobId });
}
