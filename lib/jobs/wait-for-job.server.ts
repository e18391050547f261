// Waiting until a job has ended, whichever process runs it (tests, the CLI, the benchmark).
import type { Job } from "@prisma/client";
import { db } from "../db.server";
import { isJobActive } from "./job-rules";

export async function waitForJob(args: { jobId: string; timeoutMs?: number; pollMs?: number }): Promise<Job> {
  const { jobId, timeoutMs = 300_000, pollMs = 50 } = args;
  const start = Date.now();
  for (;;) {
    const job = await db.job.findUnique({ where: { id: jobId } });
    if (!job) throw new Error(`no job ${jobId}`);
    if (!isJobActive(job.status)) return job;
    if (Date.now() - start > timeoutMs) throw new Error(`job ${jobId} still ${job.status.toLowerCase()} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
