// Every kind of job Sitewatch runs, by name. Workers run them; the web process
// and the CLI use their hooks (uniqueKey, settle, beforeRetry).
import { detectionJob } from "../detect/detection-job.server";
import { seriesJob } from "../detect/series-job.server";
import { prerenderTilesJob } from "../publish/prerender-tiles-job.server";
import { convertSceneJob } from "../scenes/convert-scene-job.server";
import type { JobKind } from "./job-kind";

export type JobKinds = Record<string, JobKind<never>>;

export const JOB_KINDS: JobKinds = {
  [convertSceneJob.kind]: convertSceneJob as JobKind<never>,
  [detectionJob.kind]: detectionJob as JobKind<never>,
  [seriesJob.kind]: seriesJob as JobKind<never>,
  [prerenderTilesJob.kind]: prerenderTilesJob as JobKind<never>,
};
