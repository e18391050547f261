// Change detection for a site on a real database and real imagery: the job
// runs, its candidates are stored for the pair; accepting one makes a DRAFT
// change with the pair as detection window (once only); dismissing needs a
// reason; re-running replaces the undecided candidates and keeps every
// decision; cancelling stops the job and changes nothing; bad requests are
// refused with reasons.
import { beforeAll, describe, expect, it } from "vitest";
import type { Polygon } from "geojson";
import type { SessionUser } from "@/lib/auth/session.server";
import { db } from "@/lib/db.server";
import { DomainError } from "@/lib/errors";
import { acceptCandidate } from "@/lib/detect/accept-candidate.server";
import { countCandidates } from "@/lib/detect/count-candidates.server";
import { dismissCandidate } from "@/lib/detect/dismiss-candidate.server";
import { listCandidates } from "@/lib/detect/list-candidates.server";
import { startDetection } from "@/lib/detect/start-detection.server";
import { storeCandidates } from "@/lib/detect/store-candidates.server";
import { cancelJob } from "@/lib/jobs/cancel-job.server";
import { runJobNow } from "@/lib/jobs/run-job-now.server";
import type { CandidateFeature } from "@/imagery/detect/detect-changes";
import { buildSquare, createSiteWithScenes, createUser } from "../factories";

let analyst: SessionUser;
let other: SessionUser;
let ctx: Awaited<ReturnType<typeof createSiteWithScenes>>;

beforeAll(async () => {
  analyst = await createUser("ANALYST", "Ana Analyst");
  other = await createUser("ANALYST", "Oto Other");
  ctx = await createSiteWithScenes(analyst);
  // The site's footprint covers the block painted into the later scene.
  await db.site.update({ where: { id: ctx.site.id }, data: { footprint: JSON.stringify(buildSquare(-34.9, -8.0, 0.04)) } });
});

const pair = () => ({ beforeSceneId: ctx.before.id, afterSceneId: ctx.after.id });
const square = (lon: number, lat: number, score: number): CandidateFeature => ({
  type: "Feature",
  geometry: buildSquare(lon, lat, 0.003) as Polygon,
  properties: { score, areaM2: 110_000, pixelCount: 120 },
});
const refusal = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(Error);
  return e as DomainError & { issues?: { message: string }[] };
};

describe("detection on a site", () => {
  let candidateId: string;

  it("runs as a job inside the site's footprint and stores the painted block as the one candidate", async () => {
    const job = await startDetection({ siteId: ctx.site.id, input: pair(), actor: analyst });
    expect(job.kind).toBe("detect");
    expect(job.status).toBe("QUEUED");
    // One detection per pair at a time, across processes: the queued job counts.
    const twice = await refusal(startDetection({ siteId: ctx.site.id, input: pair(), actor: other }));
    expect(twice).toMatchObject({ code: "conflict", details: { jobId: job.id } });
    expect(twice.message).toMatch(/already running on these two scenes/);
    // A page opened now (another tab, after a reload) finds the pair's job to follow.
    expect((await listCandidates({ siteId: ctx.site.id, ...pair() })).activeJobId).toBe(job.id);
    const done = await runJobNow({ jobId: job.id });
    expect(done.status).toBe("SUCCEEDED");
    expect(JSON.parse(done.result!)).toMatchObject({ proposed: 1, replaced: 0 });
    const { candidates, counts, activeJobId } = await listCandidates({ siteId: ctx.site.id, ...pair() });
    expect(activeJobId).toBeNull();
    expect(candidates).toHaveLength(1);
    expect(candidates[0]!.pixelCount).toBe(30 * 20);
    expect(candidates[0]!.status).toBe("UNDECIDED");
    expect(counts).toEqual({ undecided: 1, accepted: 0, dismissed: 0 });
    candidateId = candidates[0]!.id;
  });

  it("accepting makes a DRAFT change with the candidate's outline and the pair as its detection window, once", async () => {
    const { candidate, annotation } = await acceptCandidate({ candidateId, input: { changeType: "construction" }, actor: analyst });
    expect(candidate.status).toBe("ACCEPTED");
    expect(candidate.annotationId).toBe(annotation.id);
    expect(candidate.decidedBy).toBe("Ana Analyst");
    expect(annotation.status).toBe("DRAFT");
    expect(annotation.authorId).toBe(analyst.id);
    // The change comes back as every annotation route returns it: a view, with no email address or storage hash in it.
    expect(JSON.stringify(annotation)).not.toContain(analyst.email);
    expect(JSON.stringify(annotation)).not.toContain(ctx.before.sha256);
    const revision = await db.annotationRevision.findFirstOrThrow({ where: { annotationId: annotation.id, number: annotation.revision } });
    expect(revision.beforeSceneId).toBe(ctx.before.id);
    expect(revision.afterSceneId).toBe(ctx.after.id);
    expect(revision.changeType).toBe("construction");
    expect(JSON.parse(revision.geometry)).toEqual(JSON.parse((await db.changeCandidate.findUniqueOrThrow({ where: { id: candidateId } })).geometry));
    expect(revision.description).toMatch(/between 2001-07-15 and 2003-08-02/);
    // Facts only: nothing that reads as an instruction or a blank to fill, which would be published as it stands.
    expect(revision.description).not.toMatch(/describe|TODO|fill in|\.\.\.|…/i);
    const again = await refusal(acceptCandidate({ candidateId, input: {}, actor: other }));
    expect((again as DomainError).code).toBe("conflict");
    expect(await db.annotation.count({ where: { siteId: ctx.site.id } })).toBe(1);
  });

  it("re-running the pair keeps the accepted candidate and does not propose it again", async () => {
    const job = await startDetection({ siteId: ctx.site.id, input: pair(), actor: analyst });
    const done = await runJobNow({ jobId: job.id });
    expect(JSON.parse(done.result!)).toMatchObject({ proposed: 0, alreadyDecided: 1, decidedKept: 1 });
    const { candidates, counts } = await listCandidates({ siteId: ctx.site.id, ...pair() });
    expect(candidates.map((c) => c.status)).toEqual(["ACCEPTED"]);
    expect(counts.accepted).toBe(1);
  });

  it("dismissing needs a reason (and a note for 'other'); re-running replaces undecided candidates and keeps dismissals", async () => {
    await storeCandidates({ ...pair(), siteId: ctx.site.id, jobId: null, features: [square(-34.87, -7.99, 9), square(-34.86, -7.985, 5)] });
    let list = (await listCandidates({ siteId: ctx.site.id, ...pair() })).candidates.filter((c) => c.status === "UNDECIDED");
    expect(list.map((c) => c.score)).toEqual([9, 5]);
    const [strong, weak] = list;
    const noReason = await refusal(dismissCandidate({ candidateId: weak!.id, input: {} as never, actor: analyst }));
    expect(noReason.issues?.[0]?.message).toMatch(/say why/);
    const otherWithoutNote = await refusal(dismissCandidate({ candidateId: weak!.id, input: { reason: "other" }, actor: analyst }));
    expect(otherWithoutNote.issues?.[0]?.message).toMatch(/note/);
    const dismissed = await dismissCandidate({ candidateId: weak!.id, input: { reason: "not_a_change", note: "cloud shadow" }, actor: analyst });
    expect(dismissed.status).toBe("DISMISSED");
    expect(dismissed.dismissReason).toBe("not_a_change: cloud shadow");
    expect((await refusal(dismissCandidate({ candidateId: weak!.id, input: { reason: "misregistration" }, actor: analyst }))).code).toBe("conflict");

    // A new run finds the dismissed one again (not proposed), a moved version of the strong one and a new one.
    const result = await storeCandidates({
      ...pair(),
      siteId: ctx.site.id,
      jobId: null,
      features: [square(-34.86, -7.985, 5.5), square(-34.8695, -7.99, 8), square(-34.85, -7.97, 3)],
    });
    expect(result).toMatchObject({ replaced: 1, proposed: 2, alreadyDecided: 1 });
    list = (await listCandidates({ siteId: ctx.site.id, ...pair() })).candidates;
    expect(list.filter((c) => c.status === "UNDECIDED").map((c) => c.score)).toEqual([8, 3]);
    expect(await db.changeCandidate.count({ where: { id: strong!.id } })).toBe(0);
    expect(list.find((c) => c.id === weak!.id)?.status).toBe("DISMISSED");
    expect(await countCandidates(ctx.site.id)).toEqual({ undecided: 2, accepted: 1, dismissed: 1 });
  });

  it("cancelling a queued job ends it at once and leaves the candidates as they were", async () => {
    const before = await db.changeCandidate.findMany({ where: { siteId: ctx.site.id }, orderBy: { id: "asc" } });
    const job = await startDetection({ siteId: ctx.site.id, input: pair(), actor: analyst });
    // Only the starter (or an admin) may cancel.
    expect((await refusal(cancelJob({ jobId: job.id, user: other }))).code).toBe("not_found");
    expect(await cancelJob({ jobId: job.id, user: analyst })).toMatchObject({ status: "CANCELLED" });
    const done = await runJobNow({ jobId: job.id });
    expect(done.status).toBe("CANCELLED");
    expect(await db.changeCandidate.findMany({ where: { siteId: ctx.site.id }, orderBy: { id: "asc" } })).toEqual(before);
    expect((await refusal(cancelJob({ jobId: job.id, user: analyst }))).code).toBe("conflict");
  });

  it("refuses a pair that is not two scenes of the site in time order, and a bad sensitivity", async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ beforeSceneId: ctx.before.id, afterSceneId: ctx.before.id }, /two different scenes/],
      [{ beforeSceneId: ctx.after.id, afterSceneId: ctx.before.id }, /earlier/],
      [{ beforeSceneId: ctx.before.id, afterSceneId: "nope" }, /scenes of this site/],
    ];
    for (const [input, message] of cases) {
      const e = await refusal(startDetection({ siteId: ctx.site.id, input: input as never, actor: analyst }));
      expect(e.message).toMatch(message);
    }
    const bad = await refusal(startDetection({ siteId: ctx.site.id, input: { ...pair(), sensitivity: 3 }, actor: analyst }));
    expect(bad.issues?.[0]?.message).toMatch(/between 0 and 1/);
    expect(await db.job.count({ where: { kind: "detect", status: "RUNNING" } })).toBe(0);
  });
});
