// Publishing a release queues a job that draws its public tiles before readers
// ask (issue 17): the job is queued with the release, reports its progress,
// fills the shared tile cache with every tile of the plan, and afterwards a
// reader's tiles (on a web server that drew none itself) all come from the
// cache. While it waits, readers' tiles are drawn on demand.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/lib/auth/session.server";
import { db } from "@/lib/db.server";
import { runJobNow } from "@/lib/jobs/run-job-now.server";
import { prerenderPlan } from "@/lib/publish/prerender-plan";
import type { PrerenderSummary } from "@/lib/publish/prerender-tiles-job.server";
import { getPublicSite } from "@/lib/publish/public-read.server";
import { forgetPublicTilesInMemory, getPublicTile } from "@/lib/publish/public-tiles.server";
import { publishRelease } from "@/lib/releases/publish-release.server";
import { tilesCovering } from "@/imagery/tiles/web-mercator";
import { geometryBbox } from "@/lib/geo/bbox";
import { createAnnotationIn, createSiteWithScenes, createUser } from "../factories";

let editor2: SessionUser;
let ctx: Awaited<ReturnType<typeof createSiteWithScenes>>;
let release: Awaited<ReturnType<typeof publishRelease>>;

beforeAll(async () => {
  const analyst = await createUser("ANALYST", "Ana Analyst");
  const editor = await createUser("EDITOR", "Eli Editor");
  editor2 = await createUser("EDITOR", "Erin Editor");
  ctx = await createSiteWithScenes(analyst);
  await db.scene.update({ where: { id: ctx.before.id }, data: { publicDisplay: true, publicMaxZoom: 13 } });
  await createAnnotationIn("APPROVED", { siteId: ctx.site.id, author: analyst, reviewer: editor, scenes: { before: ctx.before, after: ctx.after } });
  release = await publishRelease({ siteId: ctx.site.id, actor: editor2, input: { note: "First" } });
});

const cachedTiles = () =>
  fs
    .readdirSync(path.join(process.env.SITEWATCH_DATA_DIR!, "tile-cache"), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(".webp"));

describe("drawing a release's public tiles before readers ask", () => {
  it("is queued with the release; meanwhile a reader's tile is drawn on demand", async () => {
    const job = await db.job.findUniqueOrThrow({ where: { id: release.prerenderJobId } });
    expect([job.kind, job.status, job.createdById]).toEqual(["prerender-tiles", "QUEUED", editor2.id]);
    forgetPublicTilesInMemory();
    const { snapshot } = await getPublicSite({ slug: ctx.site.slug });
    const render = snapshot.scenes.find((s) => s.id === ctx.before.id)!.render!;
    const [x, y] = tilesCovering([-34.87, -8.01, -34.87, -8.01], 13)[0]!;
    const tile = await getPublicTile({ sceneId: ctx.before.id, z: "13", x: String(x), yFile: `${y}.webp`, renderKey: render.key, ifNoneMatch: null });
    expect([tile.status, tile.source]).toEqual([200, "drawn"]);
  });

  it("draws every tile of the plan into the shared cache, saying how far it is", async () => {
    const { snapshot } = await getPublicSite({ slug: ctx.site.slug });
    const plan = prerenderPlan(snapshot);
    // Only the scene whose licence allows display, up to its licence zoom.
    expect(new Set(plan.map((t) => t.sceneId))).toEqual(new Set([ctx.before.id]));
    expect(Math.max(...plan.map((t) => t.z))).toBe(13);
    const progress: [number, string][] = [];
    const job = await runJobNow({ jobId: release.prerenderJobId, onProgress: (f, m) => progress.push([f, m]) });
    expect(job.status).toBe("SUCCEEDED");
    const summary = JSON.parse(job.result!) as PrerenderSummary;
    expect(summary.tiles).toBe(plan.length);
    expect(summary.drawn + summary.cached + summary.empty).toBe(plan.length);
    // The reader's tile of the first test was drawn already: the job found it in the cache.
    expect(summary.cached).toBeGreaterThanOrEqual(1);
    expect(job.message).toMatch(new RegExp(`^release 1: ${plan.length} public tiles ready`));
    const fractions = progress.map(([f]) => f);
    expect(fractions.at(-1)).toBe(1);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(progress.some(([, m]) => /^\d+ of \d+ tiles drawn \(zoom \d+\)$/.test(m))).toBe(true);
    expect(cachedTiles().length).toBeGreaterThanOrEqual(summary.drawn + summary.cached);
  });

  it("then a reader's tiles, on a server that drew none of them, all come from the cache", async () => {
    forgetPublicTilesInMemory();
    const { snapshot } = await getPublicSite({ slug: ctx.site.slug });
    const render = snapshot.scenes.find((s) => s.id === ctx.before.id)!.render!;
    // What a reader's map asks for around the site, from the whole-site view to the licence zoom.
    const sources: string[] = [];
    for (let z = 10; z <= 13; z++)
      for (const [x, y] of tilesCovering(geometryBbox(snapshot.site.footprint), z)) {
        const tile = await getPublicTile({ sceneId: ctx.before.id, z: String(z), x: String(x), yFile: `${y}.webp`, renderKey: render.key, ifNoneMatch: null });
        if (tile.status === 200) sources.push(tile.source!);
      }
    expect(sources.length).toBeGreaterThan(4);
    expect(new Set(sources)).toEqual(new Set(["cache"]));
  });
});
