// Cancelling a job (its starter or an admin).
import type { SessionUser } from "../auth/session.server";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { isJobActive, mayFollowJob } from "./job-rules";
import { markJobCancelled } from "./jobs.server";
import { jobView, type JobView } from "./job-view";
import { abortRunningJob } from "./running-jobs.server";

/** Stops a running job (its starter or an admin). What the job had stored before stays as it was. */
export async function cancelJob(args: { jobId: string; user: SessionUser }): Promise<JobView> {
  const { user } = args;
  const job = await db.job.findUnique({ where: { id: args.jobId } });
  if (!job || !mayFollowJob({ job, user })) throw new DomainError("not_found", "no such job");
  if (!abortRunningJob(job.id)) {
    if (isJobActive(job.status)) {
      // Started by a server process that is gone: it will never finish.
      await markJobCancelled({ jobId: job.id });
      return jobView((await db.job.findUnique({ where: { id: job.id } }))!);
    }
    throw new DomainError("conflict", `the job has already ${job.status === "SUCCEEDED" ? "finished" : job.status.toLowerCase()}`);
  }
  await db.job.update({ where: { id: job.id }, data: { message: "cancelling" } });
  return jobView((await db.job.findUnique({ where: { id: job.id } }))!);
}
