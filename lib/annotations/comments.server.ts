// Discussion under a change: threaded comments for signed-in people only.
// Comments are part of the review record, so they are never edited or deleted.
import type { SessionUser } from "../auth/session.server";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { CreateCommentInput } from "./annotation.schema";
import { toCommentView, type CommentView } from "./change-view";

const authorSelect = { select: { id: true, name: true, role: true } } as const;

/** Every comment on a change, oldest first; the page nests replies under their parent. */
export async function listComments(annotationId: string): Promise<CommentView[]> {
  if (!(await db.annotation.findUnique({ where: { id: annotationId }, select: { id: true } }))) throw new DomainError("not_found", "no such change");
  const rows = await db.comment.findMany({ where: { annotationId }, include: { author: authorSelect }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map(toCommentView);
}

export async function addComment(args: { annotationId: string; input: CreateCommentInput; actor: SessionUser }): Promise<CommentView> {
  const input = CreateCommentInput.parse(args.input);
  if (!(await db.annotation.findUnique({ where: { id: args.annotationId }, select: { id: true } }))) throw new DomainError("not_found", "no such change");
  if (input.parentId) {
    const parent = await db.comment.findUnique({ where: { id: input.parentId }, select: { annotationId: true } });
    if (!parent || parent.annotationId !== args.annotationId) throw new DomainError("bad_input", "the comment you are replying to is not on this change");
  }
  const created = await db.comment.create({
    data: { annotationId: args.annotationId, authorId: args.actor.id, parentId: input.parentId ?? null, body: input.body },
    include: { author: authorSelect },
  });
  return toCommentView(created);
}

/** Comment counts per change, for the lists. */
export async function countComments(annotationIds: string[]): Promise<Map<string, number>> {
  const groups = await db.comment.groupBy({ by: ["annotationId"], where: { annotationId: { in: annotationIds } }, _count: { _all: true } });
  return new Map(groups.map((g) => [g.annotationId, g._count._all]));
}
