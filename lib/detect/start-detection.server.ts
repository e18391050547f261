// Starting change detection for a site: the pair is checked now (two READY
// scenes of the site forming a window) and the work is queued for a worker
// (detection-job.server.ts). One detection per pair at a time, across
// processes: a second start answers 409 naming the running job.
import { jobView, type JobView } from "../jobs/job-view";
import type { SessionUser } from "../auth/session.server";
import { DomainError } from "../errors";
import { enqueueJob } from "../jobs/enqueue-job.server";
import { StartDetectionInput } from "./detect.schema";
import { DETECT_JOB } from "./detection-job.server";
import { loadDetectionPair } from "./load-detection-pair.server";

export async function startDetection(args: { siteId: string; input: StartDetectionInput; actor: SessionUser }): Promise<JobView> {
  const input = StartDetectionInput.parse(args.input);
  const { site, before, after } = await loadDetectionPair({ siteId: args.siteId, beforeSceneId: input.beforeSceneId, afterSceneId: input.afterSceneId });
  const common = Math.min(before.bandCount, after.bandCount);
  const outside = input.bands?.find((b) => b > common);
  if (outside !== undefined) throw new DomainError("bad_input", `band ${outside} is not in both scenes (they have ${common} band${common === 1 ? "" : "s"} in common)`);
  const job = await enqueueJob({
    kind: DETECT_JOB,
    id: input.jobId,
    actor: args.actor,
    payload: {
      siteId: site.id,
      beforeSceneId: before.id,
      afterSceneId: after.id,
      sensitivity: input.sensitivity,
      ...(input.bands ? { bands: [...input.bands].sort((a, b) => a - b) } : {}),
    },
  }).catch((e: unknown) => {
    if (e instanceof DomainError && e.code === "conflict" && e.details) {
      throw new DomainError("conflict", "detection is already running on these two scenes; wait for it or cancel it", { details: e.details });
    }
    throw e;
  });
  return jobView(job);
}
