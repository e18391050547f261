// Change detection for a site: a job that runs the engine (imagery/detect) on
// two of the site's scenes inside its footprint, candidates stored for the
// pair, and the analyst's triage: accept (a DRAFT change, in one transaction
// with the decision) or dismiss (with a reason). Re-running a pair replaces the
// undecided candidates and keeps every decision; a new candidate that is the
// same as a decided one (IoU ≥ 0.5) is not proposed again.
import { randomUUID } from "node:crypto";
import { area, featureCollection, intersect, polygon, union } from "@turf/turf";
import type { ChangeCandidate, Job } from "@prisma/client";
import type { MultiPolygon, Polygon } from "geojson";
import { DetectionCancelled, detectChanges, type CandidateFeature } from "@/imagery/detect/detect-changes";
import { ImageryError } from "@/imagery/imagery-error";
import { createAnnotationInTx, getAnnotationOrThrow, type SavedAnnotation } from "../annotations/annotations.server";
import type { SessionUser } from "../auth/session.server";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { geometryBbox } from "../geo/bbox";
import { jobProgressWriter, jobView, type JobView } from "../jobs/jobs.server";
import { getBlobStore } from "../storage/blob-store.server";
import { AcceptCandidateInput, DismissCandidateInput, dismissReasonText, StartDetectionInput } from "./detect.schema";

export const SAME_CANDIDATE_IOU = 0.5;

export interface CandidateView {
  id: string;
  beforeSceneId: string;
  afterSceneId: string;
  geometry: Polygon;
  score: number;
  areaM2: number;
  pixelCount: number;
  status: ChangeCandidate["status"];
  dismissReason: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  annotationId: string | null;
  createdAt: string;
  /** Changes of the same two scenes this candidate overlaps (rejected and retracted ones left out): probably already recorded. */
  overlaps: { annotationId: string; status: string; changeType: string; iou: number }[];
}

export interface DetectionCounts {
  undecided: number;
  accepted: number;
  dismissed: number;
}

function candidateView(c: ChangeCandidate & { decidedBy?: { name: string } | null }): CandidateView {
  return {
    id: c.id,
    beforeSceneId: c.beforeSceneId,
    afterSceneId: c.afterSceneId,
    geometry: JSON.parse(c.geometry) as Polygon,
    score: c.score,
    areaM2: c.areaM2,
    pixelCount: c.pixelCount,
    status: c.status,
    dismissReason: c.dismissReason,
    decidedBy: c.decidedBy?.name ?? null,
    decidedAt: c.decidedAt?.toISOString() ?? null,
    annotationId: c.annotationId,
    createdAt: c.createdAt.toISOString(),
    overlaps: [],
  };
}

/** Detections running in this process, so they can be cancelled. */
const running = new Map<string, AbortController>();

function pairKey(siteId: string, beforeSceneId: string, afterSceneId: string): string {
  return `${siteId}/${beforeSceneId}/${afterSceneId}`;
}
const runningPairs = new Map<string, string>();

async function loadPair(siteId: string, beforeSceneId: string, afterSceneId: string) {
  const site = await db.site.findUnique({ where: { id: siteId } });
  if (!site) throw new DomainError("not_found", "no such site");
  if (beforeSceneId === afterSceneId) throw new DomainError("bad_input", "choose two different scenes to compare");
  const links = await db.siteScene.findMany({ where: { siteId, sceneId: { in: [beforeSceneId, afterSceneId] } }, include: { scene: true } });
  const before = links.find((l) => l.sceneId === beforeSceneId)?.scene;
  const after = links.find((l) => l.sceneId === afterSceneId)?.scene;
  if (!before || !after) throw new DomainError("bad_input", "the before and after scenes must both be scenes of this site");
  if (before.acquiredAt.getTime() >= after.acquiredAt.getTime()) throw new DomainError("bad_input", "the before scene must be acquired strictly earlier than the after scene");
  return { site, before, after };
}

function iou(a: Polygon, b: Polygon): number {
  const pa = polygon(a.coordinates);
  const pb = polygon(b.coordinates);
  const i = intersect(featureCollection([pa, pb]));
  if (!i) return 0;
  const u = union(featureCollection([pa, pb]));
  return u ? area(i) / area(u) : 0;
}

function overlapsBbox(a: [number, number, number, number], c: ChangeCandidate): boolean {
  return a[0] <= c.bboxMaxLon && c.bboxMinLon <= a[2] && a[1] <= c.bboxMaxLat && c.bboxMinLat <= a[3];
}

/** Stores a run's candidates: undecided ones of the pair are replaced; decided ones stay and are not proposed again. */
export async function storeCandidates(args: { siteId: string; beforeSceneId: string; afterSceneId: string; jobId: string | null; features: CandidateFeature[] }) {
  return db.$transaction(async (tx) => {
    const where = { siteId: args.siteId, beforeSceneId: args.beforeSceneId, afterSceneId: args.afterSceneId };
    const replaced = await tx.changeCandidate.deleteMany({ where: { ...where, status: "UNDECIDED" } });
    const decided = await tx.changeCandidate.findMany({ where: { ...where, status: { not: "UNDECIDED" } } });
    let kept = 0;
    let alreadyDecided = 0;
    for (const f of args.features) {
      const bbox = geometryBbox(f.geometry);
      if (decided.some((d) => overlapsBbox(bbox, d) && iou(f.geometry, JSON.parse(d.geometry) as Polygon) >= SAME_CANDIDATE_IOU)) {
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

/**
 * Starts detection between two scenes of a site inside its footprint and
 * returns the job at once; the work goes on in this process (the browser polls
 * GET /api/jobs/:id). One detection per pair at a time.
 */
export async function startDetection(args: { siteId: string; input: StartDetectionInput; actor: SessionUser }): Promise<JobView> {
  const input = StartDetectionInput.parse(args.input);
  const { site, before, after } = await loadPair(args.siteId, input.beforeSceneId, input.afterSceneId);
  const key = pairKey(site.id, before.id, after.id);
  const other = runningPairs.get(key);
  if (other && running.has(other)) throw new DomainError("conflict", "detection is already running on these two scenes; wait for it or cancel it", { details: { jobId: other } });
  const store = getBlobStore();
  const jobId = input.jobId ?? randomUUID();
  let job: Job;
  try {
    job = await db.job.create({
      data: {
        id: jobId,
        kind: "detect",
        status: "RUNNING",
        message: "starting",
        payload: JSON.stringify({ siteId: site.id, beforeSceneId: before.id, afterSceneId: after.id, sensitivity: input.sensitivity }),
        createdById: args.actor.id,
      },
    });
  } catch (e) {
    if ((e as { code?: string }).code === "P2002") throw new DomainError("conflict", "a job with this id already exists");
    throw e;
  }
  const controller = new AbortController();
  running.set(job.id, controller);
  runningPairs.set(key, job.id);
  const writer = jobProgressWriter(job.id);
  const finish = async (data: Parameters<typeof db.job.update>[0]["data"]) => {
    await writer.flush();
    await db.job.update({ where: { id: job.id }, data: { ...data, finishedAt: new Date() } }).catch(() => undefined);
  };
  void (async () => {
    try {
      const result = await detectChanges({
        before: store.localPath(before.cogSha256 ?? before.sha256),
        after: store.localPath(after.cogSha256 ?? after.sha256),
        aoi: JSON.parse(site.footprint),
        sensitivity: input.sensitivity,
        signal: controller.signal,
        onProgress: (f, m) => writer.report(f * 0.97, m),
      });
      if (controller.signal.aborted) throw new DetectionCancelled();
      writer.report(0.98, "saving the candidates");
      const stored = await storeCandidates({ siteId: site.id, beforeSceneId: before.id, afterSceneId: after.id, jobId: job.id, features: result.candidates.features });
      const summary = { ...stored, threshold: Math.round(result.threshold.threshold * 100) / 100, pixelsCompared: result.pixels.usable };
      await finish({ status: "SUCCEEDED", progress: 1, message: `${stored.proposed} candidate${stored.proposed === 1 ? "" : "s"}`, result: JSON.stringify(summary) });
    } catch (e) {
      if (e instanceof DetectionCancelled || controller.signal.aborted) await finish({ status: "CANCELLED", message: "cancelled" });
      else {
        const message = e instanceof ImageryError || e instanceof DomainError ? e.message : `detection failed: ${(e as Error).message}`;
        if (!(e instanceof ImageryError || e instanceof DomainError)) console.error("detection failed", e);
        await finish({ status: "FAILED", error: message, message: "failed" });
      }
    } finally {
      running.delete(job.id);
      if (runningPairs.get(key) === job.id) runningPairs.delete(key);
    }
  })();
  return jobView(job);
}

/** Stops a running detection (its starter or an admin). Candidates of the pair stay as they were. */
export async function cancelJob(jobId: string, user: SessionUser): Promise<JobView> {
  const job = await db.job.findUnique({ where: { id: jobId } });
  if (!job || (job.createdById !== user.id && user.role !== "ADMIN")) throw new DomainError("not_found", "no such job");
  const controller = running.get(job.id);
  if (!controller) {
    if (job.status === "RUNNING" || job.status === "QUEUED") {
      // Started by a server process that is gone: it will never finish.
      const updated = await db.job.update({ where: { id: job.id }, data: { status: "CANCELLED", message: "cancelled", finishedAt: new Date() } });
      return jobView(updated);
    }
    throw new DomainError("conflict", `the job has already ${job.status === "SUCCEEDED" ? "finished" : job.status.toLowerCase()}`);
  }
  controller.abort();
  await db.job.update({ where: { id: job.id }, data: { message: "cancelling" } });
  return jobView((await db.job.findUnique({ where: { id: job.id } }))!);
}

/** Waits until a job is no longer running in this process (tests, CLI). */
export async function waitForJob(jobId: string, timeoutMs = 120_000): Promise<Job> {
  const start = Date.now();
  while (running.has(jobId)) {
    if (Date.now() - start > timeoutMs) throw new Error(`job ${jobId} still running after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return (await db.job.findUnique({ where: { id: jobId } }))!;
}

export async function detectionCounts(siteId: string): Promise<DetectionCounts> {
  const groups = await db.changeCandidate.groupBy({ by: ["status"], where: { siteId }, _count: { _all: true } });
  const n = (s: ChangeCandidate["status"]) => groups.find((g) => g.status === s)?._count._all ?? 0;
  return { undecided: n("UNDECIDED"), accepted: n("ACCEPTED"), dismissed: n("DISMISSED") };
}

/** The candidates of a pair (all of them, decided too), strongest first, with the site's counts. */
export async function listCandidates(siteId: string, pair: { beforeSceneId?: string; afterSceneId?: string }): Promise<{ candidates: CandidateView[]; counts: DetectionCounts }> {
  const site = await db.site.findUnique({ where: { id: siteId }, select: { id: true } });
  if (!site) throw new DomainError("not_found", "no such site");
  const rows = await db.changeCandidate.findMany({
    where: { siteId, ...(pair.beforeSceneId ? { beforeSceneId: pair.beforeSceneId } : {}), ...(pair.afterSceneId ? { afterSceneId: pair.afterSceneId } : {}) },
    include: { decidedBy: { select: { name: true } } },
    orderBy: [{ score: "desc" }, { areaM2: "desc" }],
  });
  const candidates = rows.map(candidateView);
  const undecided = rows.filter((r) => r.status === "UNDECIDED");
  if (undecided.length) {
    const changes = await db.annotation.findMany({
      where: { siteId, status: { notIn: ["REJECTED", "RETRACTED"] } },
      select: { id: true, status: true, currentRevision: { select: { geometry: true, beforeSceneId: true, afterSceneId: true, changeType: true, bboxMinLon: true, bboxMinLat: true, bboxMaxLon: true, bboxMaxLat: true } } },
    });
    for (const view of candidates) {
      if (view.status !== "UNDECIDED") continue;
      const row = rows.find((r) => r.id === view.id)!;
      for (const ch of changes) {
        const rev = ch.currentRevision;
        if (!rev || rev.beforeSceneId !== row.beforeSceneId || rev.afterSceneId !== row.afterSceneId) continue;
        if (!overlapsBbox([rev.bboxMinLon, rev.bboxMinLat, rev.bboxMaxLon, rev.bboxMaxLat], row)) continue;
        const geometry = JSON.parse(rev.geometry) as Polygon | MultiPolygon;
        const value = geometry.type === "Polygon" ? iou(view.geometry, geometry) : Math.max(...geometry.coordinates.map((p) => iou(view.geometry, { type: "Polygon", coordinates: p })));
        if (value > 0) view.overlaps.push({ annotationId: ch.id, status: ch.status, changeType: rev.changeType, iou: Math.round(value * 100) / 100 });
      }
    }
  }
  return { candidates, counts: await detectionCounts(siteId) };
}

async function getCandidateOrThrow(id: string): Promise<ChangeCandidate> {
  const c = await db.changeCandidate.findUnique({ where: { id } });
  if (!c) throw new DomainError("not_found", "no such candidate");
  return c;
}

function alreadyDecided(c: ChangeCandidate): DomainError {
  return new DomainError("conflict", `this candidate was already ${c.status === "ACCEPTED" ? "accepted" : "dismissed"}`, { details: { status: c.status } });
}

function dateOf(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Accepts a candidate: a DRAFT change with its outline and the pair as detection window, in the same transaction as the decision. */
export async function acceptCandidate(args: { candidateId: string; input: AcceptCandidateInput; actor: SessionUser }): Promise<{ candidate: CandidateView; annotation: SavedAnnotation }> {
  const input = AcceptCandidateInput.parse(args.input ?? {});
  const c = await getCandidateOrThrow(args.candidateId);
  if (c.status !== "UNDECIDED") throw alreadyDecided(c);
  const { before, after } = await loadPair(c.siteId, c.beforeSceneId, c.afterSceneId);
  const { annotationId, warnings } = await db.$transaction(async (tx) => {
    const claimed = await tx.changeCandidate.updateMany({ where: { id: c.id, status: "UNDECIDED" }, data: { status: "ACCEPTED", decidedById: args.actor.id, decidedAt: new Date() } });
    if (claimed.count === 0) throw alreadyDecided((await tx.changeCandidate.findUnique({ where: { id: c.id } })) ?? c);
    const created = await createAnnotationInTx(tx, {
      siteId: c.siteId,
      actor: args.actor,
      input: {
        geometry: JSON.parse(c.geometry),
        changeType: input.changeType,
        confidence: input.confidence,
        beforeSceneId: c.beforeSceneId,
        afterSceneId: c.afterSceneId,
        description:
          input.description ||
          `Proposed by change detection between ${dateOf(before.acquiredAt)} and ${dateOf(after.acquiredAt)} (score ${c.score.toFixed(1)}). Describe what changed.`,
        tags: ["detected"],
      },
    });
    await tx.changeCandidate.update({ where: { id: c.id }, data: { annotationId: created.id } });
    return { annotationId: created.id, warnings: created.warnings };
  });
  const row = await db.changeCandidate.findUnique({ where: { id: c.id }, include: { decidedBy: { select: { name: true } } } });
  return { candidate: candidateView(row!), annotation: { ...(await getAnnotationOrThrow(annotationId)), warnings } };
}

export async function dismissCandidate(args: { candidateId: string; input: DismissCandidateInput; actor: SessionUser }): Promise<CandidateView> {
  const input = DismissCandidateInput.parse(args.input);
  const c = await getCandidateOrThrow(args.candidateId);
  const claimed = await db.changeCandidate.updateMany({
    where: { id: c.id, status: "UNDECIDED" },
    data: { status: "DISMISSED", dismissReason: dismissReasonText(input.reason, input.note), decidedById: args.actor.id, decidedAt: new Date() },
  });
  if (claimed.count === 0) throw alreadyDecided((await db.changeCandidate.findUnique({ where: { id: c.id } })) ?? c);
  const row = await db.changeCandidate.findUnique({ where: { id: c.id }, include: { decidedBy: { select: { name: true } } } });
  return candidateView(row!);
}
