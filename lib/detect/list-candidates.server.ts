// The candidates of a pair, flagged where they overlap recorded changes.
import type { MultiPolygon, Polygon } from "geojson";
import { CLOSED_STATUSES, isLiveInWindow } from "../annotations/annotation-rules";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { bboxesMeet, iou } from "./candidate-overlap";
import { countCandidates } from "./count-candidates.server";
import { detectionPairKey } from "./detection-job.server";
import { toCandidateView, type CandidateList } from "./detect-views";

/** The candidates of a pair (all of them, decided too), strongest first, with the site's counts. */
export async function listCandidates(args: { siteId: string; beforeSceneId?: string; afterSceneId?: string }): Promise<CandidateList> {
  const { siteId } = args;
  const site = await db.site.findUnique({ where: { id: siteId }, select: { id: true } });
  if (!site) throw new DomainError("not_found", "no such site");
  const rows = await db.changeCandidate.findMany({
    where: { siteId, ...(args.beforeSceneId ? { beforeSceneId: args.beforeSceneId } : {}), ...(args.afterSceneId ? { afterSceneId: args.afterSceneId } : {}) },
    include: { decidedBy: { select: { name: true } } },
    orderBy: [{ score: "desc" }, { areaM2: "desc" }],
  });
  const candidates = rows.map(toCandidateView);
  const undecided = rows.filter((r) => r.status === "UNDECIDED");
  if (undecided.length) {
    const changes = await db.annotation.findMany({
      where: { siteId, status: { notIn: [...CLOSED_STATUSES] } },
      select: {
        id: true,
        status: true,
        currentRevision: {
          select: { geometry: true, beforeSceneId: true, afterSceneId: true, changeType: true, bboxMinLon: true, bboxMinLat: true, bboxMaxLon: true, bboxMaxLat: true },
        },
      },
    });
    for (const view of candidates) {
      if (view.status !== "UNDECIDED") continue;
      const row = rows.find((r) => r.id === view.id)!;
      for (const ch of changes) {
        const rev = ch.currentRevision;
        if (!rev || !isLiveInWindow({ change: { status: ch.status, beforeSceneId: rev.beforeSceneId, afterSceneId: rev.afterSceneId }, window: row })) continue;
        if (!bboxesMeet({ bbox: [rev.bboxMinLon, rev.bboxMinLat, rev.bboxMaxLon, rev.bboxMaxLat], row })) continue;
        const geometry = JSON.parse(rev.geometry) as Polygon | MultiPolygon;
        const value =
          geometry.type === "Polygon"
            ? iou({ a: view.geometry, b: geometry })
            : Math.max(...geometry.coordinates.map((p) => iou({ a: view.geometry, b: { type: "Polygon", coordinates: p } })));
        if (value > 0) view.overlaps.push({ annotationId: ch.id, status: ch.status, changeType: rev.changeType, iou: Math.round(value * 100) / 100 });
      }
    }
  }
  const activeJobId =
    args.beforeSceneId && args.afterSceneId
      ? ((await db.job.findUnique({ where: { uniqueKey: detectionPairKey({ siteId, beforeSceneId: args.beforeSceneId, afterSceneId: args.afterSceneId }) }, select: { id: true } }))
          ?.id ?? null)
      : null;
  return { candidates, counts: await countCandidates(siteId), activeJobId };
}
