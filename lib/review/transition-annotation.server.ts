// The one way a change's status moves. The table in review-moves.ts decides
// whether the move is allowed; here the row is moved only if its version is
// still the one the caller read (a conditional update), and the ReviewEvent is
// written in the same transaction, so two racing reviewers get exactly one
// winner and the history never disagrees with the status.
import type { AnnotationStatus } from "@prisma/client";
import { TransitionInput } from "../annotations/annotation.schema";
import { annotationInclude, type AnnotationWithRevision } from "../annotations/change-view";
import { getAnnotationOrThrow } from "../annotations/get-annotation.server";
import { staleVersionError } from "../annotations/stale-version-error.server";
import type { SessionUser } from "../auth/session.server";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { decideMove, hasPublicRevision, isAuthorOf } from "./review-moves";
import { appendReviewEvent } from "../evidence/append-review-event.server";

export async function transitionAnnotation(args: { annotationId: string; input: TransitionInput; actor: SessionUser }): Promise<AnnotationWithRevision> {
  const input = TransitionInput.parse(args.input);
  await db.$transaction(async (tx) => {
    const current = await tx.annotation.findUnique({ where: { id: args.annotationId }, include: annotationInclude });
    if (!current) throw new DomainError("not_found", "no such change");
    if (current.version !== input.version) throw await staleVersionError({ tx, annotationId: current.id, heldVersion: input.version, what: "moved or edited" });
    const decision = decideMove({
      from: current.status,
      to: input.to as AnnotationStatus,
      role: args.actor.role,
      isAuthor: isAuthorOf({ annotation: current, userId: args.actor.id }),
      hasPublicRevision: hasPublicRevision(current),
      comment: input.comment,
    });
    if (!decision.ok) {
      const code = decision.refusal.reason === "no-such-move" ? "conflict" : decision.refusal.reason === "comment-required" ? "bad_input" : "forbidden";
      throw new DomainError(code, decision.refusal.message, { details: { reason: decision.refusal.reason, current: { status: current.status, version: current.version } } });
    }
    const { count } = await tx.annotation.updateMany({
      where: { id: current.id, version: input.version, status: current.status },
      data: { status: decision.move.to, version: { increment: 1 }, statusChangedAt: new Date() },
    });
    if (count === 0) throw await staleVersionError({ tx, annotationId: current.id, heldVersion: input.version, what: "moved or edited at the same moment" });
    await appendReviewEvent({
      tx,
      siteId: current.siteId,
      data: {
        annotationId: current.id,
        actorId: args.actor.id,
        action: decision.move.action,
        fromStatus: current.status,
        toStatus: decision.move.to,
        comment: input.comment?.trim() || null,
        revisionNumber: current.currentRevision?.number ?? null,
        annotationVersion: input.version + 1,
      },
    });
  });
  return getAnnotationOrThrow(args.annotationId);
}
