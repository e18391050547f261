// "Find when": detection across all of a site's ready scenes in date order
// (imagery/detect/detect-series.ts), as a job. Each change is stored as a
// candidate of the narrowest window the imagery gives it — the last scene
// before it and the first after — so accepting it makes a change with that
// window. Pairs no change falls in are left as they were.
import type { Scene } from "@prisma/client";
import { z } from "zod";
import { DetectionCancelled } from "@/imagery/detect/detect-changes";
import { detectSeries } from "@/imagery/detect/detect-series";
import { sceneUseProblem } from "../scenes/scene-rules";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { defineJobKind } from "../jobs/job-kind";
import { listScenesForSite } from "../scenes/get-scene.server";
import { getBlobStore } from "../storage/blob-store.server";
import type { SeriesSummary } from "./detect-views";
import { knownNirRed } from "./detection-report";
import { fitCandidatesToDrawingRules } from "./candidate-drawing-rules";
import { minRingAreaForScene, scenePixelAreaM2 } from "../annotations/change-geometry-rules";
import { storeCandidates } from "./store-candidates.server";

export const DETECT_SERIES_JOB = "detect-series";

/** One "Find when" per site at a time. */
export const seriesKey = (siteId: string) => `detect-series:${siteId}`;

/**
 * The site's scenes a series can use, in date order: ready ones, one per
 * acquisition time (the first uploaded), and of one kind — the band count and
 * data type most of them share (ties: the latest scene's) — since a DEM or a
 * one-band scan cannot be compared with a multispectral series. The others are
 * named in `left`.
 */
export function seriesScenes(scenes: Scene[]): { used: Scene[]; left: Scene[] } {
  const usable = scenes.filter((s) => !sceneUseProblem(s)).sort((a, b) => a.acquiredAt.getTime() - b.acquiredAt.getTime() || a.createdAt.getTime() - b.createdAt.getTime());
  const dated = usable.filter((s, i) => i === 0 || s.acquiredAt.getTime() !== usable[i - 1]!.acquiredAt.getTime());
  const kind = (s: Scene) => `${s.bandCount}:${s.dataType}`;
  const counts = new Map<string, number>();
  for (const s of dated) counts.set(kind(s), (counts.get(kind(s)) ?? 0) + 1);
  const top = Math.max(0, ...counts.values());
  const chosen = [...dated].reverse().find((s) => counts.get(kind(s)) === top);
  const used = chosen ? dated.filter((s) => kind(s) === kind(chosen)) : [];
  return { used, left: dated.filter((s) => !used.includes(s)) };
}

const Payload = z.object({ siteId: z.string().min(1), sensitivity: z.number().min(0).max(1) });

export const seriesJob = defineJobKind({
  kind: DETECT_SERIES_JOB,
  payload: Payload,
  uniqueKey: (p) => seriesKey(p.siteId),

  async run({ job, payload, signal, progress }) {
    progress(0, "reading the scenes");
    const site = await db.site.findUnique({ where: { id: payload.siteId } });
    if (!site) throw new DomainError("not_found", "the site of this search is gone");
    const { used: scenes, left } = seriesScenes(await listScenesForSite(site.id));
    if (scenes.length < 2) throw new DomainError("bad_input", "the site needs two or more ready scenes of different dates, with the same bands");
    const store = getBlobStore();
    const sources: Awaited<ReturnType<typeof store.openSource>>[] = [];
    try {
      for (const s of scenes) sources.push(await store.openSource(s.cogSha256 ?? s.sha256));
      const nirRed = knownNirRed(scenes.map((s) => ({ sensor: s.sensor, bands: s.bandCount })));
      const result = await detectSeries(
        scenes.map((s, i) => ({ source: sources[i]!, label: s.id, acquiredAt: s.acquiredAt })),
        { aoi: JSON.parse(site.footprint), sensitivity: payload.sensitivity, nirBand: nirRed?.nir, redBand: nirRed?.red, signal, onProgress: (f, m) => progress(f * 0.95, m) },
      );
      if (signal.aborted) throw new DetectionCancelled();
      progress(0.96, "saving the changes under their windows");
      const byWindow = new Map<string, typeof result.changes.features>();
      for (const f of result.changes.features) {
        const key = `${f.properties.before}|${f.properties.after}`;
        byWindow.set(key, [...(byWindow.get(key) ?? []), f]);
      }
      const windows: SeriesSummary["windows"] = [];
      for (const [key, features] of byWindow) {
        const [beforeSceneId, afterSceneId] = key.split("|") as [string, string];
        const after = scenes.find((s) => s.id === afterSceneId)!;
        const minRing = minRingAreaForScene(scenePixelAreaM2({ footprint: JSON.parse(after.footprint), width: after.width, height: after.height }));
        const stored = await storeCandidates({ siteId: site.id, beforeSceneId, afterSceneId, jobId: job.id, features: fitCandidatesToDrawingRules(features, minRing) });
        const p = features[0]!.properties;
        windows.push({ beforeSceneId, afterSceneId, beforeDate: p.beforeDate, afterDate: p.afterDate, changes: stored.proposed, narrowed: p.narrowed });
      }
      windows.sort((a, b) => a.beforeDate.localeCompare(b.beforeDate) || a.afterDate.localeCompare(b.afterDate));
      const summary: SeriesSummary = {
        scenes: scenes.length,
        changes: result.changes.features.length,
        windows,
        obscured: result.obscured.features.map((f) => ({ kind: f.properties.kind, areaM2: f.properties.areaM2 })),
        left: left.map((s) => ({ sceneId: s.id, acquiredAt: s.acquiredAt.toISOString(), bands: s.bandCount, dataType: s.dataType })),
        pairsNotCompared: result.pairs
          .filter((p) => p.error)
          .map((p) => ({ beforeDate: result.scenes[p.before]!.acquiredAt, afterDate: result.scenes[p.after]!.acquiredAt, reason: p.error! })),
      };
      const n = summary.changes;
      return { result: summary, message: `${n} change${n === 1 ? "" : "s"} across ${scenes.length} scenes, in ${windows.length} window${windows.length === 1 ? "" : "s"}` };
    } finally {
      await Promise.all(sources.map((s) => s.close().catch(() => undefined)));
    }
  },
});
