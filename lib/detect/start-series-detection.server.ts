// Starting "Find when" for a site: it needs two or more ready scenes of
// different dates; one search per site at a time (409 naming the running job).
import type { SessionUser } from "../auth/session.server";
import { DomainError } from "../errors";
import { enqueueJob } from "../jobs/enqueue-job.server";
import { jobView, type JobView } from "../jobs/job-view";
import { listScenesForSite } from "../scenes/get-scene.server";
import { getSiteByIdOrThrow } from "../sites/get-site.server";
import { StartSeriesInput } from "./detect.schema";
import { DETECT_SERIES_JOB, seriesScenes } from "./series-job.server";

export async function startSeriesDetection(args: { siteId: string; input: StartSeriesInput; actor: SessionUser }): Promise<JobView> {
  const input = StartSeriesInput.parse(args.input);
  const site = await getSiteByIdOrThrow(args.siteId);
  if (seriesScenes(await listScenesForSite(site.id)).used.length < 2) {
    throw new DomainError("bad_input", "finding when needs two or more ready scenes of different dates, with the same bands, on this site");
  }
  const job = await enqueueJob({ kind: DETECT_SERIES_JOB, id: input.jobId, actor: args.actor, payload: { siteId: site.id, sensitivity: input.sensitivity } }).catch(
    (e: unknown) => {
      if (e instanceof DomainError && e.code === "conflict" && e.details) {
        throw new DomainError("conflict", "a search across this site's scenes is already running; wait for it or cancel it", { details: e.details });
      }
      throw e;
    },
  );
  return jobView(job);
}
