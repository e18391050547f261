// Cancelling a job (its starter or an admin).
import type { SessionUser } from "../auth/session.server";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { mayFollowJob } from "./job-rules";
import { jobView, type JobView } from "./job-view";
import { abortRunningJob } from "./running-jobs.server";

/** Stops a running job (its starter or an admin). What the job had stored before stays as it was. */
export async function cancelJob(args: { jobId: string; user: SessionUser }): Promise<JobView> {
  const { user } = args;
  const job = await db.job.findUnique({ where: { id: args.jobId } });
  if (!job || !mayFollowJob({ job, user })) throw new DomainError("not_found", "no such job");
  if (!abortRunningJob(job.id)) {
    if (job.status === "RUNNING" || job.status === "QUEUED") {
      // Started by a server process that is gone: it will never finish.
      const updated = await db.job.update({ where: { id: job.id }, data: { status: "CANCELLED", message: "cancelled", finishedAt: new Date() } });
      return jobView(updated);
    }
    throw new DomainError("conflict", `the job has already ${job.status === "SUCCEEDED" ? "finished" : job.status.toLowerCase()}`);
  }
  await db.job.update({ where: { id: job.id }, data: { message: "cancelling" } });
  return jobView((await db.job.findUnique({ where: { id: job.id } }))!);
}
