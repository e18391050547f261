// Find changes on the bands the analyst ticks: the job compares those and
// says so; a band one of the scenes lacks is refused before anything is queued.
import { beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/lib/auth/session.server";
import { db } from "@/lib/db.server";
import type { DetectionSummary } from "@/lib/detect/detect-views";
import { startDetection } from "@/lib/detect/start-detection.server";
import { runJobNow } from "@/lib/jobs/run-job-now.server";
import { buildSquare, createSiteWithScenes, createUser } from "../factories";

let analyst: SessionUser;
let ctx: Awaited<ReturnType<typeof createSiteWithScenes>>;

beforeAll(async () => {
  analyst = await createUser("ANALYST", "Bea Bands");
  ctx = await createSiteWithScenes(analyst);
  await db.site.update({ where: { id: ctx.site.id }, data: { footprint: JSON.stringify(buildSquare(-34.9, -8.0, 0.04)) } });
});

describe("detection on chosen bands", () => {
  it("compares the bands ticked, in order, and says which", async () => {
    const job = await startDetection({ siteId: ctx.site.id, input: { beforeSceneId: ctx.before.id, afterSceneId: ctx.after.id, bands: [3, 1, 2] }, actor: analyst });
    expect(JSON.parse((await db.job.findUniqueOrThrow({ where: { id: job.id } })).payload).bands).toEqual([1, 2, 3]);
    const done = await runJobNow({ jobId: job.id });
    expect(done.status, done.error ?? "").toBe("SUCCEEDED");
    const summary = JSON.parse(done.result!) as DetectionSummary;
    expect(summary).toMatchObject({ proposed: 1, bands: [1, 2, 3] });
    expect(summary.registration).toMatchObject({ applied: false });
  });

  it("refuses a band the scenes do not both have, queuing nothing", async () => {
    const before = await db.job.count();
    await expect(startDetection({ siteId: ctx.site.id, input: { beforeSceneId: ctx.before.id, afterSceneId: ctx.after.id, bands: [2, 9] }, actor: analyst })).rejects.toThrow(
      /band 9 is not in both scenes \(they have 6 bands in common\)/,
    );
    await expect(startDetection({ siteId: ctx.site.id, input: { beforeSceneId: ctx.before.id, afterSceneId: ctx.after.id, bands: [2, 2] }, actor: analyst })).rejects.toThrow(
      /each band once/,
    );
    expect(await db.job.count()).toBe(before);
  });
});
