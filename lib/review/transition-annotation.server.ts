// The one way a change's status moves. The table in review-moves.ts decides
// whether the move is allowed; here the row is moved only if its version is
// still the one the caller read (a conditional update), and the ReviewEvent is
// written in the same transaction, so two racing reviewers get exactly one
// winner and the history never disagrees with the status.
import type { AnnotationStatus } from "@prisma/client";
import { getAnnotationOrThrow, type AnnotationWithRevision } from "../annotations/annotations.server";
import { TransitionInput } from "../annotations/annotation.schema";
import type { SessionUser } from "../auth/session.server";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { decideMove } from "./review-moves";

/** True when the actor wrote the change or its current revision. */
export function isAuthorOf(annotation: { authorId: string; currentRevision: { createdById: string } | null }, userId: string): boolean {
  return annotation.authorId === userId || annotation.currentRevision?.createdById === userId;
}

export async function transitionAnnotation(args: {
  annotationId: string;
  input: TransitionInput;
  actor: SessionUser;
}): Promise<AnnotationWithRevision> {
  const input = TransitionInput.parse(args.input);
  await db.$transaction(async (tx) => {
    const current = await tx.annotation.findUnique({
      where: { id: args.annotationId },
      include: { currentRevision: { select: { createdById: true, number: true } } },
    });
    if (!current) throw new DomainError("not_found", "no such change");
    if (current.version !== input.version) {
      throw new DomainError("conflict", "this change was moved or edited by someone else since you loaded it", {
        details: { current: { status: current.status, version: current.version } },
      });
    }
    const decision = decideMove({
      from: current.status,
      to: input.to as AnnotationStatus,
      role: args.actor.role,
      isAuthor: isAuthorOf(current, args.actor.id),
      comment: input.comment,
    });
    if (!decision.ok) {
      const code = decision.refusal.reason === "no-such-move" ? "conflict" : decision.refusal.reason === "comment-required" ? "bad_input" : "forbidden";
      throw new DomainError(code, decision.refusal.message, { details: { reason: decision.refusal.reason, current: { status: current.status, version: current.version } } });
    }
    const { count } = await tx.annotation.updateMany({
      where: { id: current.id, version: input.version, status: current.status },
      data: { status: decision.move.to, version: { increment: 1 } },
    });
    if (count === 0) {
      throw new DomainError("conflict", "this change was moved by someone else at the same moment; reload it", {
        details: { current: { status: current.status, version: current.version } },
      });
    }
    await tx.reviewEvent.create({
      data: {
        annotationId: current.id,
        actorId: args.actor.id,
        action: decision.move.action,
        fromStatus: current.status,
        toStatus: decision.move.to,
        comment: input.comment?.trim() || null,
        revisionNumber: current.currentRevision?.number ?? null,
      },
    });
  });
  return getAnnotationOrThrow(args.annotationId);
}
