// "Find when" on a real database and real imagery: a site with three dated
// scenes — the Landsat fixture, the same place a year later with only sensor
// noise, and two years later with a new block — searched across all three.
// The block is stored as a candidate of the narrowest window (the noisy 2002
// scene → 2003), accepting it makes a change with that window, and a second
// search while one runs is refused naming it.
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/lib/auth/session.server";
import { db } from "@/lib/db.server";
import { acceptCandidate } from "@/lib/detect/accept-candidate.server";
import type { SeriesSummary } from "@/lib/detect/detect-views";
import { listCandidates } from "@/lib/detect/list-candidates.server";
import { startSeriesDetection } from "@/lib/detect/start-series-detection.server";
import { runJobNow } from "@/lib/jobs/run-job-now.server";
import { ingestStagedScene } from "@/lib/scenes/ingest-scene.server";
import { stageLocalFile } from "@/lib/scenes/stage-upload.server";
import { deriveSyntheticScene } from "@/imagery/synthetic/derive-scene";
import { buildSquare, createSiteWithScenes, createUser } from "../factories";
import { IMAGERY, TMP } from "../setup/paths";

let analyst: SessionUser;
let ctx: Awaited<ReturnType<typeof createSiteWithScenes>>;
let noisy: { id: string };

beforeAll(async () => {
  analyst = await createUser("ANALYST", "Fay Finder");
  ctx = await createSiteWithScenes(analyst);
  await db.site.update({ where: { id: ctx.site.id }, data: { footprint: JSON.stringify(buildSquare(-34.9, -8.0, 0.04)) } });
  // The same place in 2002: only a little sensor noise (another file, so another scene).
  const file = path.join(TMP, `noisy-${Date.now()}.tif`);
  await deriveSyntheticScene({ input: path.join(IMAGERY, "L7_ETMs.tif"), output: file, changes: [], epsg: 31985, adjust: { noiseSigma: 1, seed: 7 } });
  noisy = (
    await ingestStagedScene({
      actor: analyst,
      siteId: ctx.site.id,
      staged: await stageLocalFile(file),
      metadata: { license: "Apache-2.0", attribution: "test", acquiredAt: "2002-06-01", synthetic: true },
    })
  ).scene;
});

describe("Find when", () => {
  it("stores the new block under the narrowest window, 2002 → 2003, and accepting it gives the change that window", async () => {
    const job = await startSeriesDetection({ siteId: ctx.site.id, input: {}, actor: analyst });
    await expect(startSeriesDetection({ siteId: ctx.site.id, input: {}, actor: analyst })).rejects.toMatchObject({ code: "conflict", details: { jobId: job.id } });
    const done = await runJobNow({ jobId: job.id });
    expect(done.status, done.error ?? "").toBe("SUCCEEDED");
    const summary = JSON.parse(done.result!) as SeriesSummary;
    expect(summary).toMatchObject({ scenes: 3, changes: 1 });
    expect(summary.windows).toEqual([
      { beforeSceneId: noisy.id, afterSceneId: ctx.after.id, beforeDate: "2002-06-01T00:00:00.000Z", afterDate: "2003-08-02T00:00:00.000Z", changes: 1, narrowed: true },
    ]);
    expect(done.message).toBe("1 change across 3 scenes, in 1 window");
    // Nothing under the whole series' pair: the change waits under its own window.
    expect((await listCandidates({ siteId: ctx.site.id, beforeSceneId: ctx.before.id, afterSceneId: ctx.after.id })).candidates).toHaveLength(0);
    const { candidates } = await listCandidates({ siteId: ctx.site.id, beforeSceneId: noisy.id, afterSceneId: ctx.after.id });
    expect(candidates).toHaveLength(1);
    expect(candidates[0]!.pixelCount).toBe(30 * 20);
    const { annotation } = await acceptCandidate({ candidateId: candidates[0]!.id, input: {}, actor: analyst });
    const revision = await db.annotationRevision.findFirstOrThrow({ where: { annotationId: annotation.id } });
    expect([revision.beforeSceneId, revision.afterSceneId]).toEqual([noisy.id, ctx.after.id]);
    expect(revision.description).toMatch(/between 2002-06-01 and 2003-08-02/);
  });

  it("leaves out a scene of another kind (a one-band DEM), saying so, and still finds the change", async () => {
    await ingestStagedScene({
      actor: analyst,
      siteId: ctx.site.id,
      staged: await stageLocalFile(path.join(IMAGERY, "olinda_dem_utm25s.tif")),
      metadata: { license: "Apache-2.0", attribution: "test", acquiredAt: "2010-05-05" },
    });
    const job = await startSeriesDetection({ siteId: ctx.site.id, input: {}, actor: analyst });
    const done = await runJobNow({ jobId: job.id });
    expect(done.status, done.error ?? "").toBe("SUCCEEDED");
    const summary = JSON.parse(done.result!) as SeriesSummary;
    expect(summary.scenes).toBe(3);
    expect(summary.left).toEqual([expect.objectContaining({ acquiredAt: "2010-05-05T00:00:00.000Z", bands: 1 })]);
    expect(summary.windows.map((w) => [w.beforeDate.slice(0, 10), w.afterDate.slice(0, 10)])).toEqual([["2002-06-01", "2003-08-02"]]);
  });

  it("needs two ready scenes of different dates", async () => {
    const lone = await createSiteWithScenes(analyst);
    await db.siteScene.deleteMany({ where: { siteId: lone.site.id, sceneId: lone.after.id } });
    await expect(startSeriesDetection({ siteId: lone.site.id, input: {}, actor: analyst })).rejects.toThrow(/two or more ready scenes of different dates, with the same bands/);
  });
});
