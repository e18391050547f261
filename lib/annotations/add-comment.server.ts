// Adding a comment to a change. Comments are part of the review record: never edited or deleted.
import type { SessionUser } from "../auth/session.server";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { CreateCommentInput } from "./annotation.schema";
import { commentAuthorInclude, toCommentView, type CommentView } from "./change-view";

export async function addComment(args: { annotationId: string; input: CreateCommentInput; actor: SessionUser }): Promise<CommentView> {
  const input = CreateCommentInput.parse(args.input);
  if (!(await db.annotation.findUnique({ where: { id: args.annotationId }, select: { id: true } }))) throw new DomainError("not_found", "no such change");
  if (input.parentId) {
    const parent = await db.comment.findUnique({ where: { id: input.parentId }, select: { annotationId: true } });
    if (!parent || parent.annotationId !== args.annotationId) throw new DomainError("bad_input", "the comment you are replying to is not on this change");
  }
  const created = await db.comment.create({
    data: { annotationId: args.annotationId, authorId: args.actor.id, parentId: input.parentId ?? null, body: input.body },
    include: commentAuthorInclude,
  });
  return toCommentView(created);
}
