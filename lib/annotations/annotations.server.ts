// Change annotations: create and edit (each edit is a new revision with a
// field-level diff event), read, and the context the geometry rules need.
import type { AnnotationStatus, Prisma } from "@prisma/client";
import type { SessionUser } from "../auth/session.server";
import { db, type Tx } from "../db.server";
import { DomainError } from "../errors";
import { bboxColumns } from "../geo/geometry.server";
import { growArea } from "../geo/grow-area";
import { checkAreaStructure, type AreaGeometry, type Bbox } from "../geo/area-geometry";
import { bbox as turfBbox } from "@turf/turf";
import { decideEdit } from "../review/review-moves";
import { getFootprintBufferM } from "../settings/settings.server";
import { CreateAnnotationInput, UpdateAnnotationInput } from "./annotation.schema";
import { checkChangeGeometry, describeOtherChange, minRingAreaForScene, scenePixelAreaM2, summariseIssues, type ChangeGeometryContext, type ChangeGeometryIssue } from "./change-geometry-rules";
import { toChangeView, type ChangeView } from "./change-view";

export const annotationInclude = {
  currentRevision: { include: { sources: true, beforeScene: true, afterScene: true, createdBy: { select: { id: true, name: true } } } },
  publishedRevision: { select: { number: true } },
  revisions: { select: { number: true, createdById: true } },
  author: { select: { id: true, name: true, email: true } },
  _count: { select: { comments: true } },
  // The latest reviewer's word (a request, a rejection, a retraction note), shown on the change.
  events: {
    where: { action: { in: ["request_changes", "reject", "retract", "approve"] }, comment: { not: null } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 1,
    include: { actor: { select: { name: true } } },
  },
} satisfies Prisma.AnnotationInclude;

export type AnnotationWithRevision = Prisma.AnnotationGetPayload<{ include: typeof annotationInclude }>;

/** A change as written, with the geometry warnings it was saved with (overlaps with other changes). */
export type SavedAnnotation = AnnotationWithRevision & { warnings: ChangeGeometryIssue[] };

/** True while an earlier revision of the change is what the public sees. */
export function hasPublicRevision(a: { status: AnnotationStatus; publishedRevisionId: string | null }): boolean {
  return a.publishedRevisionId !== null && a.status !== "RETRACTED";
}

/** The detection window must be two scenes of this site, before strictly earlier than after. */
async function assertDetectionWindow(tx: Tx, siteId: string, beforeSceneId: string, afterSceneId: string) {
  const links = await tx.siteScene.findMany({
    where: { siteId, sceneId: { in: [beforeSceneId, afterSceneId] } },
    include: { scene: { select: { id: true, acquiredAt: true, footprint: true, width: true, height: true } } },
  });
  const before = links.find((l) => l.sceneId === beforeSceneId)?.scene;
  const after = links.find((l) => l.sceneId === afterSceneId)?.scene;
  if (!before || !after) throw new DomainError("bad_input", "the before and after scenes must both be scenes of this site");
  if (before.acquiredAt.getTime() >= after.acquiredAt.getTime()) {
    throw new DomainError("bad_input", "the before scene must be acquired strictly earlier than the after scene");
  }
  return { before, after };
}

/** The change type must be in the taxonomy and in use (a retired type may be kept, not newly chosen); the damage grade must fit it. */
async function assertTypeAndGrade(tx: Tx, args: { changeType: string; damageGrade: string | null; keptType?: string }) {
  const type = await tx.changeTypeDef.findUnique({ where: { key: args.changeType } });
  if (!type) throw new DomainError("bad_input", `"${args.changeType}" is not a change type; choose one from the list`);
  if (!type.active && args.keptType !== type.key) throw new DomainError("bad_input", `the change type "${type.label}" is retired; choose another`);
  if (type.damageGradeApplies && !args.damageGrade) {
    throw new DomainError("bad_input", `a change of type "${type.label}" needs a damage grade (destroyed, damaged, possibly damaged or no visible damage)`);
  }
  if (!type.damageGradeApplies && args.damageGrade) {
    throw new DomainError("bad_input", `a damage grade does not apply to "${type.label}"; leave it empty`);
  }
}

/**
 * What the geometry rules need to know about a site: where changes may lie,
 * the smallest ring the after scene can show, and the other live changes of
 * the same detection window near `bbox`.
 */
export async function loadGeometryContext(
  tx: Tx,
  args: { siteId: string; beforeSceneId: string; afterScene: { footprint: string; width: number; height: number; id: string }; bbox: Bbox | null; excludeId?: string },
): Promise<ChangeGeometryContext> {
  const site = await tx.site.findUniqueOrThrow({ where: { id: args.siteId }, select: { footprint: true } });
  const footprintBufferM = await getFootprintBufferM(tx);
  const labels = await loadTypeLabels(tx);
  const sameWindow = args.bbox
    ? await tx.annotation.findMany({
        where: {
          siteId: args.siteId,
          status: { notIn: ["REJECTED", "RETRACTED"] },
          ...(args.excludeId ? { id: { not: args.excludeId } } : {}),
          currentRevision: {
            beforeSceneId: args.beforeSceneId,
            afterSceneId: args.afterScene.id,
            bboxMinLon: { lte: args.bbox[2] },
            bboxMaxLon: { gte: args.bbox[0] },
            bboxMinLat: { lte: args.bbox[3] },
            bboxMaxLat: { gte: args.bbox[1] },
          },
        },
        select: { id: true, status: true, currentRevision: { select: { geometry: true, changeType: true } }, author: { select: { name: true } } },
        // Overlaps are a warning: the first few are enough to name.
        take: 50,
      })
    : [];
  return {
    allowedArea: growArea(JSON.parse(site.footprint) as AreaGeometry, footprintBufferM),
    footprintBufferM,
    minRingAreaM2: minRingAreaForScene(scenePixelAreaM2({ footprint: JSON.parse(args.afterScene.footprint), width: args.afterScene.width, height: args.afterScene.height })),
    sameWindow: sameWindow.map((o) => ({
      id: o.id,
      label: describeOtherChange({ id: o.id, status: o.status, typeLabel: labels.get(o.currentRevision!.changeType) ?? o.currentRevision!.changeType, authorName: o.author.name }),
      geometry: JSON.parse(o.currentRevision!.geometry) as AreaGeometry,
    })),
  };
}

/** Applies the change geometry rules; errors refuse the write with 422 (nothing stored), warnings come back with the change. */
async function checkGeometryOrThrow(tx: Tx, args: Omit<Parameters<typeof loadGeometryContext>[1], "bbox"> & { geometry: unknown }) {
  // The bbox of the input, before the full check, only narrows which other changes are compared.
  const structure = checkAreaStructure(args.geometry);
  const context = await loadGeometryContext(tx, { ...args, bbox: structure.ok ? (turfBbox(structure.geometry) as Bbox) : null });
  const check = checkChangeGeometry(args.geometry, context);
  if (!check.ok || !check.geometry || !check.bbox || check.areaM2 === null) {
    throw new DomainError("unprocessable", `change geometry: ${summariseIssues(check.errors)}`, { details: { problem: check.errors[0]?.code, problems: check.errors, warnings: check.warnings } });
  }
  return { geometry: check.geometry, bbox: check.bbox, areaM2: check.areaM2, warnings: check.warnings };
}

type RevisionContent = ReturnType<typeof CreateAnnotationInput.parse>;

async function writeRevision(
  tx: Tx,
  args: { annotationId: string; number: number; content: RevisionContent; geometry: { geometry: AreaGeometry; bbox: Bbox; areaM2: number }; actorId: string },
) {
  return tx.annotationRevision.create({
    data: {
      annotationId: args.annotationId,
      number: args.number,
      geometry: JSON.stringify(args.geometry.geometry),
      ...bboxColumns(args.geometry.bbox),
      areaM2: args.geometry.areaM2,
      changeType: args.content.changeType,
      damageGrade: args.content.damageGrade ?? null,
      confidence: args.content.confidence,
      beforeSceneId: args.content.beforeSceneId,
      afterSceneId: args.content.afterSceneId,
      description: args.content.description,
      tags: JSON.stringify(args.content.tags),
      createdById: args.actorId,
      sources: { create: args.content.sources.map((s) => ({ ...s, archiveUrl: s.archiveUrl ?? null, accessedAt: s.accessedAt ?? null })) },
    },
  });
}

/** Creates a DRAFT change inside a transaction the caller holds (e.g. accepting a detection candidate). */
export async function createAnnotationInTx(tx: Tx, args: { siteId: string; input: CreateAnnotationInput; actor: SessionUser }): Promise<{ id: string; warnings: ChangeGeometryIssue[] }> {
  const input = CreateAnnotationInput.parse(args.input);
  const site = await tx.site.findUnique({ where: { id: args.siteId } });
  if (!site) throw new DomainError("not_found", "no such site");
  const { after } = await assertDetectionWindow(tx, site.id, input.beforeSceneId, input.afterSceneId);
  await assertTypeAndGrade(tx, { changeType: input.changeType, damageGrade: input.damageGrade ?? null });
  const geometry = await checkGeometryOrThrow(tx, { siteId: site.id, beforeSceneId: input.beforeSceneId, afterScene: after, geometry: input.geometry });
  const annotation = await tx.annotation.create({ data: { siteId: site.id, authorId: args.actor.id } });
  const revision = await writeRevision(tx, { annotationId: annotation.id, number: 1, content: input, geometry, actorId: args.actor.id });
  await tx.annotation.update({ where: { id: annotation.id }, data: { currentRevisionId: revision.id } });
  await tx.reviewEvent.create({
    data: { annotationId: annotation.id, actorId: args.actor.id, action: "create", fromStatus: null, toStatus: "DRAFT", revisionNumber: 1, annotationVersion: annotation.version },
  });
  return { id: annotation.id, warnings: geometry.warnings };
}

export async function createAnnotation(args: { siteId: string; input: CreateAnnotationInput; actor: SessionUser }): Promise<SavedAnnotation> {
  const { id, warnings } = await db.$transaction((tx) => createAnnotationInTx(tx, args));
  return { ...(await getAnnotationOrThrow(id)), warnings };
}

const DIFFED_FIELDS = ["geometry", "changeType", "damageGrade", "confidence", "beforeSceneId", "afterSceneId", "description", "tags"] as const;

function sourcesForDiff(sources: { url: string; title: string; archiveUrl?: string | null; accessedAt?: Date | null; withheld: boolean }[]) {
  return sources.map(({ url, title, archiveUrl, accessedAt, withheld }) => ({ url, title, archiveUrl: archiveUrl ?? null, accessedAt: accessedAt?.toISOString() ?? null, withheld }));
}

/**
 * Edits a change: writes revision n+1 and an "edit" event with the field-level
 * diff, in one transaction that first claims the row at the caller's version
 * (a stale version gets 409 with the current state and what happened since).
 * Editing a published change starts a new DRAFT revision; the public keeps the
 * published one until the next release.
 */
export async function updateAnnotation(args: { annotationId: string; input: UpdateAnnotationInput; actor: SessionUser }): Promise<SavedAnnotation> {
  const { version, comment, ...patch } = UpdateAnnotationInput.parse(args.input);
  const warnings = await db.$transaction(async (tx) => {
    const current = await tx.annotation.findUnique({ where: { id: args.annotationId }, include: annotationInclude });
    if (!current || !current.currentRevision) throw new DomainError("not_found", "no such change");
    if (current.version !== version) throw await staleVersionError(tx, current, version, "edited or moved");
    const view = toChangeView(current);
    const decision = decideEdit({ from: current.status, role: args.actor.role, isAuthor: view.authorIds.includes(args.actor.id), hasPublicRevision: hasPublicRevision(current) });
    if (!decision.ok) {
      throw new DomainError(decision.refusal.reason === "not-editable" ? "conflict" : "forbidden", decision.refusal.message, { details: { reason: decision.refusal.reason, current: view } });
    }
    const rev = current.currentRevision;
    const content: RevisionContent = {
      geometry: patch.geometry ?? JSON.parse(rev.geometry),
      changeType: patch.changeType ?? rev.changeType,
      damageGrade: patch.damageGrade === undefined ? (rev.damageGrade as RevisionContent["damageGrade"]) : patch.damageGrade,
      confidence: patch.confidence ?? (rev.confidence as RevisionContent["confidence"]),
      beforeSceneId: patch.beforeSceneId ?? rev.beforeSceneId,
      afterSceneId: patch.afterSceneId ?? rev.afterSceneId,
      description: patch.description ?? rev.description,
      tags: patch.tags ?? (JSON.parse(rev.tags) as string[]),
      sources:
        patch.sources ??
        rev.sources.map(({ url, title, archiveUrl, accessedAt, withheld }) => ({ url, title, archiveUrl: archiveUrl ?? undefined, accessedAt: accessedAt ?? undefined, withheld })),
    };
    const { after } = await assertDetectionWindow(tx, current.siteId, content.beforeSceneId, content.afterSceneId);
    await assertTypeAndGrade(tx, { changeType: content.changeType, damageGrade: content.damageGrade ?? null, keptType: rev.changeType });
    // The geometry is checked again when it, or the scenes it is judged against, change.
    const geometryTouched = patch.geometry !== undefined || content.afterSceneId !== rev.afterSceneId || content.beforeSceneId !== rev.beforeSceneId;
    const geometry = geometryTouched
      ? await checkGeometryOrThrow(tx, { siteId: current.siteId, beforeSceneId: content.beforeSceneId, afterScene: after, geometry: content.geometry, excludeId: current.id })
      : { geometry: content.geometry as AreaGeometry, bbox: [rev.bboxMinLon, rev.bboxMinLat, rev.bboxMaxLon, rev.bboxMaxLat] as Bbox, areaM2: rev.areaM2, warnings: [] };
    // Claim the row: if someone else wrote since `version` was read, nothing matches.
    const { count } = await tx.annotation.updateMany({
      where: { id: current.id, version, status: current.status },
      data: { version: { increment: 1 }, status: decision.to, ...(decision.to !== current.status ? { statusChangedAt: new Date() } : {}) },
    });
    if (count === 0) throw await staleVersionError(tx, current, version, "edited or moved");
    const number = Math.max(...current.revisions.map((r) => r.number)) + 1;
    const revision = await writeRevision(tx, { annotationId: current.id, number, content, geometry, actorId: args.actor.id });
    await tx.annotation.update({ where: { id: current.id }, data: { currentRevisionId: revision.id } });
    const diff: Record<string, { from: unknown; to: unknown }> = Object.fromEntries(
      DIFFED_FIELDS.filter((f) => JSON.stringify((revision as Record<string, unknown>)[f]) !== JSON.stringify((rev as Record<string, unknown>)[f])).map(
        (f) => [f, { from: (rev as Record<string, unknown>)[f], to: (revision as Record<string, unknown>)[f] }],
      ),
    );
    const sourcesBefore = sourcesForDiff(rev.sources);
    const sourcesAfter = sourcesForDiff(content.sources);
    if (JSON.stringify(sourcesBefore) !== JSON.stringify(sourcesAfter)) diff.sources = { from: sourcesBefore, to: sourcesAfter };
    // Rolls the whole write back: a revision that changes nothing would only muddle the history (and reopen a published change).
    if (Object.keys(diff).length === 0) throw new DomainError("bad_input", "this edit changes nothing; to discuss the change, add a comment instead");
    await tx.reviewEvent.create({
      data: {
        annotationId: current.id,
        actorId: args.actor.id,
        action: "edit",
        fromStatus: current.status,
        toStatus: decision.to,
        comment: comment || null,
        revisionNumber: number,
        annotationVersion: version + 1,
        diff: JSON.stringify(diff),
      },
    });
    return geometry.warnings;
  });
  return { ...(await getAnnotationOrThrow(args.annotationId)), warnings };
}

/** A person-readable event, for histories and for telling a stale writer what happened. */
export interface EventView {
  id: string;
  action: string;
  fromStatus: AnnotationStatus | null;
  toStatus: AnnotationStatus;
  comment: string | null;
  revisionNumber: number | null;
  annotationVersion: number | null;
  createdAt: string;
  actor: { id: string; name: string };
  /** Field-level changes of an edit, as stored. */
  diff: Record<string, { from: unknown; to: unknown }> | null;
}

export async function listEventsForAnnotation(annotationId: string, tx: Tx = db): Promise<EventView[]> {
  const events = await tx.reviewEvent.findMany({
    where: { annotationId },
    include: { actor: { select: { id: true, name: true } } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return events.map((e) => ({
    id: e.id,
    action: e.action,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    comment: e.comment,
    revisionNumber: e.revisionNumber,
    annotationVersion: e.annotationVersion,
    createdAt: e.createdAt.toISOString(),
    actor: e.actor,
    diff: e.diff ? (JSON.parse(e.diff) as EventView["diff"]) : null,
  }));
}

/**
 * The 409 for a writer holding an old version: the change as it is now, and
 * the events since their version, so the page can say who did what meanwhile.
 */
export async function staleVersionError(tx: Tx, row: { id: string }, heldVersion: number, what: string): Promise<DomainError> {
  const current = await tx.annotation.findUniqueOrThrow({ where: { id: row.id }, include: annotationInclude });
  const events = (await listEventsForAnnotation(row.id, tx)).filter((e) => (e.annotationVersion ?? 0) > heldVersion);
  const last = events.at(-1);
  const who = last ? `: ${last.actor.name} ${describeAction(last.action)} it at ${last.createdAt.slice(0, 16).replace("T", " ")} UTC` : "";
  return new DomainError("conflict", `this change was ${what} by someone else since you loaded it${who}`, {
    details: { reason: "stale-version", heldVersion, current: toChangeView(current, await loadTypeLabels(tx)), since: events },
  });
}

export function describeAction(action: string): string {
  const words: Record<string, string> = {
    create: "created",
    edit: "edited",
    submit: "submitted",
    resubmit: "resubmitted",
    approve: "approved",
    request_changes: "asked for changes to",
    reject: "rejected",
    publish: "published",
    retract: "retracted",
  };
  return words[action] ?? action.replaceAll("_", " ");
}

/** Current labels of the change types, by key. */
export async function loadTypeLabels(tx: Tx = db): Promise<Map<string, string>> {
  const types = await tx.changeTypeDef.findMany({ select: { key: true, label: true } });
  return new Map(types.map((t) => [t.key, t.label]));
}

export async function getAnnotationOrThrow(id: string): Promise<AnnotationWithRevision> {
  const annotation = await db.annotation.findUnique({ where: { id }, include: annotationInclude });
  if (!annotation) throw new DomainError("not_found", "no such change");
  return annotation;
}

export async function getChangeViewOrThrow(id: string): Promise<ChangeView> {
  return toChangeView(await getAnnotationOrThrow(id), await loadTypeLabels());
}

export async function listAnnotationsForSite(siteId: string): Promise<AnnotationWithRevision[]> {
  return db.annotation.findMany({ where: { siteId }, include: annotationInclude, orderBy: { createdAt: "asc" } });
}

export async function listChangeViewsForSite(siteId: string): Promise<ChangeView[]> {
  const labels = await loadTypeLabels();
  return (await listAnnotationsForSite(siteId)).map((a) => toChangeView(a, labels));
}

/** One of a person's changes in their own list, with the latest thing that happened to it. */
export interface OwnChangeItem {
  site: { slug: string; name: string };
  change: ChangeView;
  latest: { verb: string; actorName: string; comment: string | null; at: string } | null;
}

/**
 * The changes a person created or revised, those needing their attention first
 * (sent back for changes, then drafts), then by latest activity.
 */
export async function listChangesForUser(userId: string): Promise<OwnChangeItem[]> {
  const rows = await db.annotation.findMany({
    where: { OR: [{ authorId: userId }, { revisions: { some: { createdById: userId } } }] },
    include: { ...annotationInclude, site: { select: { slug: true, name: true } } },
  });
  const latest = new Map<string, { action: string; comment: string | null; createdAt: Date; actor: { name: string } }>();
  const events = await db.reviewEvent.findMany({
    where: { annotationId: { in: rows.map((r) => r.id) } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { annotationId: true, action: true, comment: true, createdAt: true, actor: { select: { name: true } } },
  });
  for (const e of events) if (!latest.has(e.annotationId)) latest.set(e.annotationId, e);
  const labels = await loadTypeLabels();
  const rank: Record<string, number> = { CHANGES_REQUESTED: 0, DRAFT: 1, SUBMITTED: 2, APPROVED: 3, REJECTED: 4, PUBLISHED: 5, RETRACTED: 6 };
  return rows
    .map((a) => {
      const e = latest.get(a.id);
      return {
        site: a.site,
        change: toChangeView(a, labels),
        latest: e ? { verb: describeAction(e.action), actorName: e.actor.name, comment: e.comment, at: e.createdAt.toISOString() } : null,
      };
    })
    .sort((x, y) => (rank[x.change.status] ?? 9) - (rank[y.change.status] ?? 9) || y.change.updatedAt.localeCompare(x.change.updatedAt));
}
