// Storing a detection run's candidates for a pair of scenes.
import type { Polygon } from "geojson";
import type { CandidateFeature } from "@/imagery/detect/detect-changes";
import { db } from "../db.server";
import { geometryBbox } from "../geo/bbox";
import { bboxesMeet, iou, SAME_CANDIDATE_IOU } from "./candidate-overlap";
import type { StoredCandidates } from "./detect-views";

/** Stores a run's candidates: undecided ones of the pair are replaced; decided ones stay and are not proposed again. */
export async function storeCandidates(args: {
  siteId: string;
  beforeSceneId: string;
  afterSceneId: string;
  jobId: string | null;
  features: CandidateFeature[];
}): Promise<StoredCandidates> {
  return db.$transaction(async (tx) => {
    const where = { siteId: args.siteId, beforeSceneId: args.beforeSceneId, afterSceneId: args.afterSceneId };
    const replaced = await tx.changeCandidate.deleteMany({ where: { ...where, status: "UNDECIDED" } });
    const decided = await tx.changeCandidate.findMany({ where: { ...where, status: { not: "UNDECIDED" } } });
    let kept = 0;
    let alreadyDecided = 0;
    for (const f of args.features) {
      const bbox = geometryBbox(f.geometry);
      if (decided.some((d) => bboxesMeet({ bbox, row: d }) && iou({ a: f.geometry, b: JSON.parse(d.geometry) as Polygon }) >= SAME_CANDIDATE_IOU)) {
        alreadyDecided++;
        continue;
      }
      await tx.changeCandidate.create({
        data: {
          ...where,
          jobId: args.jobId,
          geometry: JSON.stringify(f.geometry),
          bboxMinLon: bbox[0],
          bboxMinLat: bbox[1],
          bboxMaxLon: bbox[2],
          bboxMaxLat: bbox[3],
          score: f.properties.score,
          areaM2: f.properties.areaM2,
          pixelCount: f.properties.pixelCount,
        },
      });
      kept++;
    }
    return { proposed: kept, replaced: replaced.count, alreadyDecided, decidedKept: decided.length };
  });
}
