// Queuing a failed or cancelled job again (its starter or an admin).
import type { SessionUser } from "../auth/session.server";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { getJobQueue } from "./get-job-queue.server";
import { mayFollowJob } from "./job-rules";
import { JOB_KINDS } from "./job-kinds.server";
import { jobView, type JobView } from "./job-view";
import { settleJob } from "./settle-job.server";

export async function retryJob(args: { jobId: string; user: SessionUser }): Promise<JobView> {
  const job = await db.job.findUnique({ where: { id: args.jobId } });
  if (!job || !mayFollowJob({ job, user: args.user })) throw new DomainError("not_found", "no such job");
  if (job.status !== "FAILED" && job.status !== "CANCELLED") throw new DomainError("conflict", "only a failed or cancelled job can be retried");
  const kind = JOB_KINDS[job.kind];
  const parsed = kind?.payload.safeParse(JSON.parse(job.payload));
  if (!kind || !parsed?.success) throw new DomainError("conflict", "this job cannot be run again (its kind or input is no longer known)");
  await kind.beforeRetry?.({ job, payload: parsed.data });
  try {
    return jobView(await getJobQueue().retry({ jobId: job.id, uniqueKey: kind.uniqueKey?.(parsed.data) }));
  } catch (e) {
    // Not queued after all: the kind's rows go back to how the ended job left them.
    await settleJob({ job });
    throw e;
  }
}
