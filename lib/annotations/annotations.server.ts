// Change annotations: create and edit (each edit is a new revision), read.
import type { Prisma } from "@prisma/client";
import type { SessionUser } from "../auth/session.server";
import { db, type Tx } from "../db.server";
import { DomainError } from "../errors";
import { bboxColumns, parseAreaGeometryOrThrow } from "../geo/geometry.server";
import { EDITABLE_STATUSES } from "../review/review-moves";
import { CreateAnnotationInput, UpdateAnnotationInput } from "./annotation.schema";

export const annotationInclude = {
  currentRevision: { include: { sources: true, beforeScene: true, afterScene: true } },
  author: { select: { id: true, name: true, email: true } },
} satisfies Prisma.AnnotationInclude;

export type AnnotationWithRevision = Prisma.AnnotationGetPayload<{ include: typeof annotationInclude }>;

/** The detection window must be two scenes of this site, before strictly earlier than after. */
async function assertDetectionWindow(tx: Tx, siteId: string, beforeSceneId: string, afterSceneId: string): Promise<void> {
  const links = await tx.siteScene.findMany({
    where: { siteId, sceneId: { in: [beforeSceneId, afterSceneId] } },
    include: { scene: { select: { id: true, acquiredAt: true } } },
  });
  const before = links.find((l) => l.sceneId === beforeSceneId)?.scene;
  const after = links.find((l) => l.sceneId === afterSceneId)?.scene;
  if (!before || !after) throw new DomainError("bad_input", "the before and after scenes must both be scenes of this site");
  if (before.acquiredAt.getTime() >= after.acquiredAt.getTime()) {
    throw new DomainError("bad_input", "the before scene must be acquired strictly earlier than the after scene");
  }
}

type RevisionContent = Omit<CreateAnnotationInput, "sources"> & { sources: ReturnType<typeof CreateAnnotationInput.parse>["sources"] };

async function writeRevision(tx: Tx, args: { annotationId: string; number: number; content: RevisionContent; actorId: string }) {
  const { geometry, bbox, areaM2 } = parseAreaGeometryOrThrow(args.content.geometry, "change geometry");
  return tx.annotationRevision.create({
    data: {
      annotationId: args.annotationId,
      number: args.number,
      geometry: JSON.stringify(geometry),
      ...bboxColumns(bbox),
      areaM2,
      changeType: args.content.changeType,
      damageGrade: args.content.damageGrade ?? null,
      confidence: args.content.confidence,
      beforeSceneId: args.content.beforeSceneId,
      afterSceneId: args.content.afterSceneId,
      description: args.content.description,
      createdById: args.actorId,
      sources: { create: args.content.sources.map((s) => ({ ...s, archiveUrl: s.archiveUrl ?? null, accessedAt: s.accessedAt ?? null })) },
    },
  });
}

export async function createAnnotation(args: { siteId: string; input: CreateAnnotationInput; actor: SessionUser }): Promise<AnnotationWithRevision> {
  const input = CreateAnnotationInput.parse(args.input);
  parseAreaGeometryOrThrow(input.geometry, "change geometry");
  const id = await db.$transaction(async (tx) => {
    const site = await tx.site.findUnique({ where: { id: args.siteId } });
    if (!site) throw new DomainError("not_found", "no such site");
    await assertDetectionWindow(tx, site.id, input.beforeSceneId, input.afterSceneId);
    const annotation = await tx.annotation.create({ data: { siteId: site.id, authorId: args.actor.id } });
    const revision = await writeRevision(tx, { annotationId: annotation.id, number: 1, content: input, actorId: args.actor.id });
    await tx.annotation.update({ where: { id: annotation.id }, data: { currentRevisionId: revision.id } });
    await tx.reviewEvent.create({
      data: { annotationId: annotation.id, actorId: args.actor.id, action: "create", fromStatus: null, toStatus: "DRAFT", revisionNumber: 1 },
    });
    return annotation.id;
  });
  return getAnnotationOrThrow(id);
}

const DIFFED_FIELDS = ["geometry", "changeType", "damageGrade", "confidence", "beforeSceneId", "afterSceneId", "description"] as const;

/** Edits a draft or a change sent back for changes: writes revision n+1. Stale version gets 409. */
export async function updateAnnotation(args: { annotationId: string; input: UpdateAnnotationInput; actor: SessionUser }): Promise<AnnotationWithRevision> {
  const { version, ...patch } = UpdateAnnotationInput.parse(args.input);
  await db.$transaction(async (tx) => {
    const current = await tx.annotation.findUnique({ where: { id: args.annotationId }, include: annotationInclude });
    if (!current || !current.currentRevision) throw new DomainError("not_found", "no such change");
    if (current.authorId !== args.actor.id) throw new DomainError("forbidden", "only the change's author can edit it");
    if (!EDITABLE_STATUSES.includes(current.status)) {
      throw new DomainError("conflict", `a change in ${current.status} cannot be edited`, { details: { current } });
    }
    const rev = current.currentRevision;
    const content: RevisionContent = {
      geometry: patch.geometry ?? JSON.parse(rev.geometry),
      changeType: patch.changeType ?? (rev.changeType as RevisionContent["changeType"]),
      damageGrade: patch.damageGrade === undefined ? (rev.damageGrade as RevisionContent["damageGrade"]) : patch.damageGrade,
      confidence: patch.confidence ?? (rev.confidence as RevisionContent["confidence"]),
      beforeSceneId: patch.beforeSceneId ?? rev.beforeSceneId,
      afterSceneId: patch.afterSceneId ?? rev.afterSceneId,
      description: patch.description ?? rev.description,
      sources: patch.sources ?? rev.sources.map(({ url, title, archiveUrl, accessedAt, withheld }) => ({
        url,
        title,
        archiveUrl: archiveUrl ?? undefined,
        accessedAt: accessedAt ?? undefined,
        withheld,
      })),
    };
    await assertDetectionWindow(tx, current.siteId, content.beforeSceneId, content.afterSceneId);
    // Claim the row first: if someone else wrote since `version` was read, nothing matches.
    const { count } = await tx.annotation.updateMany({ where: { id: current.id, version }, data: { version: { increment: 1 } } });
    if (count === 0) throw new DomainError("conflict", "this change was edited by someone else since you loaded it", { details: { current } });
    const number = rev.number + 1;
    const revision = await writeRevision(tx, { annotationId: current.id, number, content, actorId: args.actor.id });
    await tx.annotation.update({ where: { id: current.id }, data: { currentRevisionId: revision.id } });
    const diff: Record<string, { from: unknown; to: unknown }> = Object.fromEntries(
      DIFFED_FIELDS.filter((f) => JSON.stringify((revision as Record<string, unknown>)[f]) !== JSON.stringify((rev as Record<string, unknown>)[f])).map(
        (f) => [f, { from: (rev as Record<string, unknown>)[f], to: (revision as Record<string, unknown>)[f] }],
      ),
    );
    const sourcesBefore = rev.sources.map(({ url, title, archiveUrl, accessedAt, withheld }) => ({ url, title, archiveUrl, accessedAt: accessedAt?.toISOString() ?? null, withheld }));
    const sourcesAfter = content.sources.map(({ url, title, archiveUrl, accessedAt, withheld }) => ({ url, title, archiveUrl: archiveUrl ?? null, accessedAt: accessedAt?.toISOString() ?? null, withheld }));
    if (JSON.stringify(sourcesBefore) !== JSON.stringify(sourcesAfter)) diff.sources = { from: sourcesBefore, to: sourcesAfter };
    await tx.reviewEvent.create({
      data: {
        annotationId: current.id,
        actorId: args.actor.id,
        action: "edit",
        fromStatus: current.status,
        toStatus: current.status,
        revisionNumber: number,
        diff: JSON.stringify(diff),
      },
    });
  });
  return getAnnotationOrThrow(args.annotationId);
}

export async function getAnnotationOrThrow(id: string): Promise<AnnotationWithRevision> {
  const annotation = await db.annotation.findUnique({ where: { id }, include: annotationInclude });
  if (!annotation) throw new DomainError("not_found", "no such change");
  return annotation;
}

export async function listAnnotationsForSite(siteId: string): Promise<AnnotationWithRevision[]> {
  return db.annotation.findMany({ where: { siteId }, include: annotationInclude, orderBy: { createdAt: "asc" } });
}

export async function listEventsForAnnotation(annotationId: string) {
  return db.reviewEvent.findMany({
    where: { annotationId },
    include: { actor: { select: { id: true, name: true, email: true } } },
    orderBy: { createdAt: "asc" },
  });
}
