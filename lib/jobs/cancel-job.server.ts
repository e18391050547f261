// Cancelling a job (its starter or an admin), from any process: a queued job
// ends at once; a running one is flagged and its worker stops it at its next
// heartbeat. What the job had stored before stays as it was.
import type { SessionUser } from "../auth/session.server";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { getJobQueue } from "./get-job-queue.server";
import { isJobActive, mayFollowJob } from "./job-rules";
import { jobView, type JobView } from "./job-view";
import { settleJob } from "./settle-job.server";

export async function cancelJob(args: { jobId: string; user: SessionUser }): Promise<JobView> {
  const job = await db.job.findUnique({ where: { id: args.jobId } });
  if (!job || !mayFollowJob({ job, user: args.user })) throw new DomainError("not_found", "no such job");
  if (!isJobActive(job.status)) throw new DomainError("conflict", `the job has already ${job.status === "SUCCEEDED" ? "finished" : job.status.toLowerCase()}`);
  const after = await getJobQueue().requestCancel({ jobId: job.id });
  // Cancelled while queued: no worker will see it, so its rows are put right here.
  if (job.status === "QUEUED" && after.status === "CANCELLED") await settleJob({ job: after });
  return jobView(after);
}
