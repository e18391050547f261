// Long work (ingest conversion, change detection) reported through Job rows:
// the browser polls GET /api/jobs/:id. The caller may choose the job's id (a
// UUID) before sending the request that starts it, so it can watch from the
// first moment. Progress writes are throttled; a job row is deleted when the
// work it describes leaves nothing behind (a refused upload).
import type { Job } from "@prisma/client";
import { z } from "zod";
import type { SessionUser } from "../auth/session.server";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { mayFollowJob } from "./job-rules";
import { jobView, type JobView } from "./job-view";

export const JobId = z.uuid({ message: "a job id must be a UUID" });

const PROGRESS_INTERVAL_MS = 250;

export async function startJob(args: { id?: string; kind: string; actor: SessionUser; message: string; payload?: unknown }): Promise<Job> {
  const id = args.id === undefined ? undefined : JobId.parse(args.id);
  try {
    return await db.job.create({
      data: { id, kind: args.kind, status: "RUNNING", message: args.message, payload: JSON.stringify(args.payload ?? {}), createdById: args.actor.id },
    });
  } catch (e) {
    if ((e as { code?: string }).code === "P2002") throw new DomainError("conflict", "a job with this id already exists");
    throw e;
  }
}

/** A progress reporter that writes at most every 250 ms (and always the last word). */
export function jobProgressWriter(jobId: string) {
  let last = 0;
  let writing: Promise<unknown> = Promise.resolve();
  return {
    report(progress: number, message: string) {
      const now = Date.now();
      if (now - last < PROGRESS_INTERVAL_MS) return;
      last = now;
      writing = writing.then(() => db.job.update({ where: { id: jobId }, data: { progress: Math.min(1, Math.max(0, progress)), message } }).catch(() => undefined));
    },
    /** Waits for the writes in flight, so a final status is never overwritten by a late progress write. */
    flush: () => writing,
  };
}

/** Marks the job succeeded with `result` (stored as JSON) and a last word for people ("done", "5 candidates"). */
export async function finishJob({ jobId, result, message = "done" }: { jobId: string; result: unknown; message?: string }): Promise<void> {
  await db.job.update({ where: { id: jobId }, data: { status: "SUCCEEDED", progress: 1, message, result: JSON.stringify(result), finishedAt: new Date() } });
}

/** Marks the job failed with `error` (a message for people); never throws. */
export async function failJob({ jobId, error }: { jobId: string; error: string }): Promise<void> {
  await db.job.update({ where: { id: jobId }, data: { status: "FAILED", error, message: "failed", finishedAt: new Date() } }).catch(() => undefined);
}

/** Marks the job cancelled; never throws. */
export async function markJobCancelled({ jobId }: { jobId: string }): Promise<void> {
  await db.job.update({ where: { id: jobId }, data: { status: "CANCELLED", message: "cancelled", finishedAt: new Date() } }).catch(() => undefined);
}

export async function deleteJob(jobId: string): Promise<void> {
  await db.job.delete({ where: { id: jobId } }).catch(() => undefined);
}

/** The job, to the person who started it or an admin; 404 to anyone else, as if it did not exist. */
export async function getJobForUser({ id, user }: { id: string; user: SessionUser }): Promise<JobView> {
  const parsed = JobId.safeParse(id);
  const job = parsed.success ? await db.job.findUnique({ where: { id: parsed.data } }) : await db.job.findUnique({ where: { id } });
  if (!job || !mayFollowJob({ job, user })) throw new DomainError("not_found", "no such job");
  return jobView(job);
}
