// Creating a change: a DRAFT with its first revision and a "create" event.
import type { SessionUser } from "../auth/session.server";
import { db, type Tx } from "../db.server";
import { DomainError } from "../errors";
import { CreateAnnotationInput } from "./annotation.schema";
import type { ChangeGeometryIssue } from "./change-geometry-rules";
import type { AnnotationWithRevision } from "./change-view";
import { assertDetectionWindow, assertTypeAndGrade, checkGeometryOrThrow } from "./check-revision-content.server";
import { getAnnotationOrThrow } from "./get-annotation.server";
import { writeRevision } from "./write-revision.server";
import { appendReviewEvent } from "../evidence/append-review-event.server";

/** A change as written, with the geometry warnings it was saved with (overlaps with other changes). */
export type SavedAnnotation = AnnotationWithRevision & { warnings: ChangeGeometryIssue[] };

/** Creates a DRAFT change inside a transaction the caller holds (e.g. accepting a detection candidate). */
export async function createAnnotationInTx(args: {
  tx: Tx;
  siteId: string;
  input: CreateAnnotationInput;
  actor: SessionUser;
}): Promise<{ id: string; warnings: ChangeGeometryIssue[] }> {
  const { tx } = args;
  const input = CreateAnnotationInput.parse(args.input);
  const site = await tx.site.findUnique({ where: { id: args.siteId } });
  if (!site) throw new DomainError("not_found", "no such site");
  const { after } = await assertDetectionWindow({ tx, siteId: site.id, beforeSceneId: input.beforeSceneId, afterSceneId: input.afterSceneId });
  await assertTypeAndGrade({ tx, changeType: input.changeType, damageGrade: input.damageGrade ?? null });
  const geometry = await checkGeometryOrThrow({ tx, siteId: site.id, beforeSceneId: input.beforeSceneId, afterScene: after, geometry: input.geometry });
  const annotation = await tx.annotation.create({ data: { siteId: site.id, authorId: args.actor.id } });
  const revision = await writeRevision({ tx, annotationId: annotation.id, number: 1, content: input, geometry, actorId: args.actor.id });
  await tx.annotation.update({ where: { id: annotation.id }, data: { currentRevisionId: revision.id } });
  await appendReviewEvent({
    tx,
    siteId: site.id,
    data: { annotationId: annotation.id, actorId: args.actor.id, action: "create", fromStatus: null, toStatus: "DRAFT", revisionNumber: 1, annotationVersion: annotation.version },
  });
  return { id: annotation.id, warnings: geometry.warnings };
}

export async function createAnnotation(args: { siteId: string; input: CreateAnnotationInput; actor: SessionUser }): Promise<SavedAnnotation> {
  const { id, warnings } = await db.$transaction((tx) => createAnnotationInTx({ tx, ...args }));
  return { ...(await getAnnotationOrThrow(id)), warnings };
}
