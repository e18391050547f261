// Drawing a release's public tiles before its readers ask (issue 17): queued
// when the release is published, run by a worker. Every tile of the plan
// (prerender-plan.ts) goes through the same path as a reader's request
// (getPublicTile: only what the release made public, in the shared tile cache,
// taking render turns with the web servers), so the release page is right while
// it runs, and tiles not drawn yet are drawn on demand meanwhile.
import { z } from "zod";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { defineJobKind } from "../jobs/job-kind";
import type { ReleaseSnapshot } from "../releases/release-snapshot";
import { prerenderPlan } from "./prerender-plan";
import { getPublicTile } from "./public-tiles.server";

export const PRERENDER_JOB = "prerender-tiles";

const Payload = z.object({ releaseId: z.string().min(1) });

export interface PrerenderSummary {
  tiles: number;
  /** Drawn by this job. */
  drawn: number;
  /** Already in the tile cache (an earlier release showed the same scene in the same rendering). */
  cached: number;
  /** No pixel of the scene in them (nothing to keep). */
  empty: number;
  seconds: number;
}

export const prerenderTilesJob = defineJobKind({
  kind: PRERENDER_JOB,
  payload: Payload,
  // Readers' tiles are drawn on demand meanwhile: no conversion or detection waits for this.
  background: true,
  uniqueKey: (p) => `prerender:${p.releaseId}`,

  async run({ payload, signal, progress }) {
    const release = await db.release.findUnique({ where: { id: payload.releaseId }, select: { number: true, snapshot: true } });
    if (!release) throw new DomainError("not_found", "the release is gone");
    const plan = prerenderPlan(JSON.parse(release.snapshot) as ReleaseSnapshot);
    const started = performance.now();
    const summary: PrerenderSummary = { tiles: plan.length, drawn: 0, cached: 0, empty: 0, seconds: 0 };
    progress(0, `${plan.length} tiles of the public map to draw`);
    for (const [i, t] of plan.entries()) {
      if (signal.aborted) throw new Error("drawing the public tiles was stopped");
      const draw = () => getPublicTile({ sceneId: t.sceneId, z: String(t.z), x: String(t.x), yFile: `${t.y}.webp`, renderKey: t.renderKey, ifNoneMatch: null });
      let tile = await draw();
      // Readers' tiles came first and the line was long: wait and try again, this job is in no hurry.
      while (tile.status === 503 && !signal.aborted) {
        await new Promise((r) => setTimeout(r, 1000));
        tile = await draw();
      }
      if (tile.status === 200) summary[tile.source === "drawn" ? "drawn" : "cached"]++;
      else summary.empty++;
      progress((i + 1) / plan.length, `${i + 1} of ${plan.length} tiles drawn (zoom ${t.z})`);
    }
    summary.seconds = Math.round((performance.now() - started) / 100) / 10;
    return {
      result: summary,
      message: `release ${release.number}: ${plan.length} public tiles ready (${summary.drawn} drawn, ${summary.cached} already there) in ${summary.seconds} s`,
    };
  },
});
