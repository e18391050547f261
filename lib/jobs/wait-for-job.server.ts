// Waiting for a job running in this process to end (tests, the CLI).
import type { Job } from "@prisma/client";
import { db } from "../db.server";
import { isRunningHere } from "./running-jobs.server";

export async function waitForJob(args: { jobId: string; timeoutMs?: number }): Promise<Job> {
  const { jobId, timeoutMs = 120_000 } = args;
  const start = Date.now();
  while (isRunningHere(jobId)) {
    if (Date.now() - start > timeoutMs) throw new Error(`job ${jobId} still running after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return (await db.job.findUnique({ where: { id: jobId } }))!;
}
