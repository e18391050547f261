// Change detection for a site: a job that runs the engine (imagery/detect) on
// two of the site's scenes inside its footprint and stores the candidates for
// the pair. Re-running a pair replaces the undecided candidates and keeps every
// decision (store-candidates.server.ts).
import { randomUUID } from "node:crypto";
import { DetectionCancelled, detectChanges } from "@/imagery/detect/detect-changes";
import { ImageryError } from "@/imagery/imagery-error";
import type { SessionUser } from "../auth/session.server";
import { DomainError } from "../errors";
import { jobView, type JobView } from "../jobs/job-view";
import { failJob, finishJob, jobProgressWriter, markJobCancelled, startJob } from "../jobs/jobs.server";
import { isRunningHere, registerRunningJob, unregisterRunningJob } from "../jobs/running-jobs.server";
import { getBlobStore } from "../storage/blob-store.server";
import { StartDetectionInput } from "./detect.schema";
import type { DetectionSummary } from "./detect-views";
import { loadDetectionPair } from "./load-detection-pair.server";
import { storeCandidates } from "./store-candidates.server";

/** The job running detection on each pair in this process: one at a time per pair. */
const runningPairs = new Map<string, string>();

/**
 * Starts detection between two scenes of a site inside its footprint and
 * returns the job at once; the work goes on in this process (the browser polls
 * GET /api/jobs/:id). One detection per pair at a time.
 */
export async function startDetection(args: { siteId: string; input: StartDetectionInput; actor: SessionUser }): Promise<JobView> {
  const input = StartDetectionInput.parse(args.input);
  const { site, before, after } = await loadDetectionPair({ siteId: args.siteId, beforeSceneId: input.beforeSceneId, afterSceneId: input.afterSceneId });
  const key = `${site.id}/${before.id}/${after.id}`;
  const other = runningPairs.get(key);
  if (other && isRunningHere(other)) throw new DomainError("conflict", "detection is already running on these two scenes; wait for it or cancel it", { details: { jobId: other } });
  const store = getBlobStore();
  const job = await startJob({
    id: input.jobId ?? randomUUID(),
    kind: "detect",
    actor: args.actor,
    message: "starting",
    payload: { siteId: site.id, beforeSceneId: before.id, afterSceneId: after.id, sensitivity: input.sensitivity },
  });
  const controller = registerRunningJob(job.id);
  runningPairs.set(key, job.id);
  const writer = jobProgressWriter(job.id);
  void (async () => {
    try {
      const result = await detectChanges({
        before: store.localPath(before.cogSha256 ?? before.sha256),
        after: store.localPath(after.cogSha256 ?? after.sha256),
        aoi: JSON.parse(site.footprint),
        sensitivity: input.sensitivity,
        signal: controller.signal,
        onProgress: (f, m) => writer.report(f * 0.97, m),
      });
      if (controller.signal.aborted) throw new DetectionCancelled();
      writer.report(0.98, "saving the candidates");
      const stored = await storeCandidates({ siteId: site.id, beforeSceneId: before.id, afterSceneId: after.id, jobId: job.id, features: result.candidates.features });
      const summary: DetectionSummary = { ...stored, threshold: Math.round(result.threshold.threshold * 100) / 100, pixelsCompared: result.pixels.usable };
      await writer.flush();
      await finishJob({ jobId: job.id, result: summary, message: `${stored.proposed} candidate${stored.proposed === 1 ? "" : "s"}` });
    } catch (e) {
      await writer.flush();
      if (e instanceof DetectionCancelled || controller.signal.aborted) await markJobCancelled({ jobId: job.id });
      else {
        const message = e instanceof ImageryError || e instanceof DomainError ? e.message : `detection failed: ${(e as Error).message}`;
        if (!(e instanceof ImageryError || e instanceof DomainError)) console.error("detection failed", e);
        await failJob({ jobId: job.id, error: message });
      }
    } finally {
      unregisterRunningJob(job.id);
      if (runningPairs.get(key) === job.id) runningPairs.delete(key);
    }
  })();
  return jobView(job);
}
