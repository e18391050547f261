// The publish preview names the scenes a release makes public and, for each
// other scene of the site, why not: by the same rule the snapshot applies
// (release-snapshot.ts sceneReleaseVerdict), so what the preview lists is what
// the release carries.
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/lib/auth/session.server";
import { db } from "@/lib/db.server";
import { cancelJob } from "@/lib/jobs/cancel-job.server";
import { previewRelease } from "@/lib/releases/preview-release.server";
import { publishRelease } from "@/lib/releases/publish-release.server";
import { sceneWithheldText, type ReleaseSnapshot } from "@/lib/releases/release-snapshot";
import { acceptSceneUpload } from "@/lib/scenes/accept-scene-upload.server";
import { ingestStagedScene } from "@/lib/scenes/ingest-scene.server";
import { stageLocalFile } from "@/lib/scenes/stage-upload.server";
import { createAnnotationIn, createSiteWithScenes, createUser } from "../factories";
import { IMAGERY } from "../setup/paths";

let analyst: SessionUser;
let editor: SessionUser;
let editor2: SessionUser;
let ctx: Awaited<ReturnType<typeof createSiteWithScenes>>;
const ids = { unused: "", processing: "", failed: "" };

beforeAll(async () => {
  analyst = await createUser("ANALYST");
  editor = await createUser("EDITOR");
  editor2 = await createUser("EDITOR");
  ctx = await createSiteWithScenes(analyst);
  // The before scene's licence allows display; the synthetic after scene's does not.
  await db.scene.update({ where: { id: ctx.before.id }, data: { publicDisplay: true } });
  const meta = { license: "CC0-1.0", attribution: "test", publicDisplay: true };
  // A scene whose licence allows display but that no change uses.
  ids.unused = (
    await ingestStagedScene({
      actor: analyst,
      siteId: ctx.site.id,
      staged: await stageLocalFile(path.join(IMAGERY, "olinda_dem_utm25s.tif")),
      metadata: { ...meta, acquiredAt: "2005-01-01" },
    })
  ).scene.id;
  // One still converting, one whose conversion failed (cancelled).
  ids.processing = (
    await acceptSceneUpload({
      actor: analyst,
      siteId: ctx.site.id,
      staged: await stageLocalFile(path.join(IMAGERY, "generated/l7-uint16.tif")),
      metadata: { ...meta, acquiredAt: "2006-01-01" },
    })
  ).scene.id;
  const failed = await acceptSceneUpload({
    actor: analyst,
    siteId: ctx.site.id,
    staged: await stageLocalFile(path.join(IMAGERY, "generated/l7-uint32.tif")),
    metadata: { ...meta, acquiredAt: "2007-01-01" },
  });
  await cancelJob({ jobId: failed.job!.id, user: analyst });
  ids.failed = failed.scene.id;
  await createAnnotationIn("APPROVED", { siteId: ctx.site.id, author: analyst, reviewer: editor, scenes: ctx });
});

describe("the publish preview's scenes", () => {
  it("lists every scene of the site, oldest first: whose imagery the release makes public, and why each other one is not", async () => {
    const preview = await previewRelease({ siteId: ctx.site.id, actor: editor2 });
    const byId = new Map(preview.scenes.map((s) => [s.id, s]));
    expect(preview.scenes.map((s) => s.acquiredAt.slice(0, 10))).toEqual(["2001-07-15", "2003-08-02", "2005-01-01", "2006-01-01", "2007-01-01"]);
    expect(byId.get(ctx.before.id)!.verdict).toEqual({ inRelease: true, imageryPublic: true, reasons: [] });
    // Used by the change: its date and credit are in the release, its pixels are not.
    expect(byId.get(ctx.after.id)!.verdict).toEqual({ inRelease: true, imageryPublic: false, reasons: ["licence"] });
    expect(byId.get(ctx.after.id)).toMatchObject({ synthetic: true, license: "Apache-2.0" });
    expect(byId.get(ids.unused)!.verdict).toEqual({ inRelease: false, imageryPublic: false, reasons: ["unused"] });
    expect(byId.get(ids.processing)!.verdict).toEqual({ inRelease: false, imageryPublic: false, reasons: ["processing", "unused"] });
    expect(byId.get(ids.failed)!.verdict).toEqual({ inRelease: false, imageryPublic: false, reasons: ["failed", "unused"] });
    expect(sceneWithheldText("unused", false)).toBe("no change in this release uses it as its before or after scene");
    expect(sceneWithheldText("licence", true)).toMatch(/licence does not allow public display \(the release lists its date and credit only\)/);
  });

  it("names exactly the scenes the published release carries, and a change that starts using a scene changes its verdict", async () => {
    const preview = await previewRelease({ siteId: ctx.site.id, actor: editor2 });
    const release = await publishRelease({ siteId: ctx.site.id, actor: editor2, input: { note: "First release.", expectedChangelogSha256: preview.changelogSha256 } });
    const snapshot = JSON.parse(release.snapshot) as ReleaseSnapshot;
    expect(snapshot.scenes.map((s) => s.id)).toEqual(preview.scenes.filter((s) => s.verdict.inRelease).map((s) => s.id));
    expect(snapshot.scenes.filter((s) => s.publicDisplay).map((s) => s.id)).toEqual(preview.scenes.filter((s) => s.verdict.imageryPublic).map((s) => s.id));

    // A change drawn on the unused scene, approved: the next release makes its imagery public.
    await createAnnotationIn("APPROVED", { siteId: ctx.site.id, author: analyst, reviewer: editor, scenes: { before: ctx.before, after: { id: ids.unused } } });
    const next = await previewRelease({ siteId: ctx.site.id, actor: editor2 });
    expect(next.scenes.find((s) => s.id === ids.unused)!.verdict).toEqual({ inRelease: true, imageryPublic: true, reasons: [] });
  });
});
