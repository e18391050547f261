// Change detection as a job, run by a worker: the engine (imagery/detect) on
// two READY scenes of a site inside its footprint, then the candidates stored
// for the pair in one transaction (store-candidates.server.ts), so a run that
// dies or is cancelled leaves the pair's candidates as they were, and a run
// taken again after its worker died stores exactly one set.
import { z } from "zod";
import { DetectionCancelled, detectChanges } from "@/imagery/detect/detect-changes";
import { DomainError } from "../errors";
import { defineJobKind } from "../jobs/job-kind";
import { getBlobStore } from "../storage/blob-store.server";
import type { DetectionSummary } from "./detect-views";
import { knownNirRed } from "./detection-report";
import { fitCandidatesToDrawingRules } from "./candidate-drawing-rules";
import { minRingAreaForScene, scenePixelAreaM2 } from "../annotations/change-geometry-rules";
import { loadDetectionPair } from "./load-detection-pair.server";
import { storeCandidates } from "./store-candidates.server";

export const DETECT_JOB = "detect";

/** One detection per pair at a time, across every process: the key of the pair's active job. */
export function detectionPairKey(p: { siteId: string; beforeSceneId: string; afterSceneId: string }): string {
  return `detect:${p.siteId}:${p.beforeSceneId}:${p.afterSceneId}`;
}

const Payload = z.object({
  siteId: z.string().min(1),
  beforeSceneId: z.string().min(1),
  afterSceneId: z.string().min(1),
  sensitivity: z.number().min(0).max(1),
  bands: z.array(z.number().int().min(1)).min(1).optional(),
});

export const detectionJob = defineJobKind({
  kind: DETECT_JOB,
  payload: Payload,
  uniqueKey: (p) => detectionPairKey(p),

  async run({ job, payload, signal, progress }) {
    progress(0, "reading the scenes");
    const { site, before, after } = await loadDetectionPair(payload).catch((e: unknown) => {
      // The scenes were chosen when the job was queued: one may have gone since.
      if (e instanceof DomainError) throw new DomainError(e.code, `the scenes of this detection can no longer be compared: ${e.message}`);
      throw e;
    });
    // The COGs read by byte range from the store (a local file, or S3 through the block cache); detectChanges closes them.
    const store = getBlobStore();
    const beforeSource = await store.openSource(before.cogSha256 ?? before.sha256);
    const afterSource = await store.openSource(after.cogSha256 ?? after.sha256).catch(async (e: unknown) => {
      await beforeSource.close();
      throw e;
    });
    // Near infrared and red where both scenes come from a sensor whose band order is known: the season rule.
    const nirRed = knownNirRed([before, after].map((s) => ({ sensor: s.sensor, bands: s.bandCount })));
    const result = await detectChanges({
      before: beforeSource,
      after: afterSource,
      aoi: JSON.parse(site.footprint),
      sensitivity: payload.sensitivity,
      bands: payload.bands,
      nirBand: nirRed?.nir,
      redBand: nirRed?.red,
      signal,
      onProgress: (f, m) => progress(f * 0.97, m),
    });
    if (signal.aborted) throw new DetectionCancelled();
    progress(0.98, "saving the candidates");
    // What the drawing rules would refuse (a ring under one pixel of the after scene) is not proposed.
    const features = fitCandidatesToDrawingRules(
      result.candidates.features,
      minRingAreaForScene(scenePixelAreaM2({ footprint: JSON.parse(after.footprint), width: after.width, height: after.height })),
    );
    const stored = await storeCandidates({ siteId: site.id, beforeSceneId: before.id, afterSceneId: after.id, jobId: job.id, features });
    const { dx, dy, eastM, northM, confidence, applied, reason } = result.registration;
    const obscured = result.obscured.features.map((f) => ({ kind: f.properties.kind, areaM2: f.properties.areaM2 }));
    const summary: DetectionSummary = {
      ...stored,
      threshold: Math.round(result.threshold.threshold * 100) / 100,
      pixelsCompared: result.pixels.usable,
      registration: { dx, dy, eastM, northM, confidence, applied, reason },
      obscured,
      bands: payload.bands ?? null,
      nirRed: nirRed && (!payload.bands || (payload.bands.includes(nirRed.nir) && payload.bands.includes(nirRed.red))) ? nirRed : null,
    };
    return {
      result: summary,
      message: `${stored.proposed} candidate${stored.proposed === 1 ? "" : "s"}${obscured.length ? `; ${obscured.length} cloud or shadow area${obscured.length === 1 ? "" : "s"} not compared` : ""}`,
    };
  },
});
