// The discussion under a change: threaded comments for signed-in people only.
import { db } from "../db.server";
import { DomainError } from "../errors";
import { commentAuthorInclude, toCommentView, type CommentView } from "./change-view";

/** Every comment on a change, oldest first; the page nests replies under their parent. */
export async function listComments(annotationId: string): Promise<CommentView[]> {
  if (!(await db.annotation.findUnique({ where: { id: annotationId }, select: { id: true } }))) throw new DomainError("not_found", "no such change");
  const rows = await db.comment.findMany({ where: { annotationId }, include: commentAuthorInclude, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map(toCommentView);
}
