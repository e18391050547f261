// What every process does when a job ends without success: the job's kind
// puts its own rows right (a scene whose conversion failed becomes FAILED).
import type { Job } from "@prisma/client";
import { JOB_KINDS, type JobKinds } from "./job-kinds.server";

export async function settleJob(args: { job: Job; kinds?: JobKinds }): Promise<void> {
  const kind = (args.kinds ?? JOB_KINDS)[args.job.kind];
  if (!kind?.settle) return;
  const payload = kind.payload.safeParse(JSON.parse(args.job.payload));
  if (!payload.success) return;
  try {
    await kind.settle({ job: args.job, payload: payload.data });
  } catch (e) {
    console.error(`settling job ${args.job.id} (${args.job.kind}) failed`, e);
  }
}
