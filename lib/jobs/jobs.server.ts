// Reading jobs. Long work (scene conversion, change detection) is queued as a
// Job row (enqueue-job.server.ts) and run by a worker (run-worker.server.ts);
// the browser follows it through GET /api/jobs/:id.
import { z } from "zod";
import type { SessionUser } from "../auth/session.server";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { mayFollowJob } from "./job-rules";
import { jobView, type JobView } from "./job-view";
import { countLiveWorkers } from "./worker-presence.server";

export const JobId = z.uuid({ message: "a job id must be a UUID" });

/** The job, to the person who started it or an admin; 404 to anyone else, as if it did not exist. */
export async function getJobForUser({ id, user }: { id: string; user: SessionUser }): Promise<JobView> {
  const job = await db.job.findUnique({ where: { id } });
  if (!job || !mayFollowJob({ job, user })) throw new DomainError("not_found", "no such job");
  if (job.status !== "QUEUED") return jobView(job);
  return { ...jobView(job), workersOnline: await countLiveWorkers() };
}
