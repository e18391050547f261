// GET /api/annotations/:id/comments — the discussion under a change (signed in only); POST — { body, parentId? } add a comment or reply
import { addComment } from "@/lib/annotations/add-comment.server";
import { listComments } from "@/lib/annotations/list-comments.server";
import { CreateCommentInput } from "@/lib/annotations/annotation.schema";
import { BODY_LIMITS, readJson, route } from "@/lib/http/route.server";

type Ctx = { params: Promise<{ id: string }> };

export const GET = route<Ctx>("workspace:read", async (_request, { params }) => {
  return Response.json({ comments: await listComments((await params).id) });
});

export const POST = route<Ctx>("workspace:read", async (request, { params }, actor) => {
  const input = CreateCommentInput.parse(await readJson(request, BODY_LIMITS.text));
  return Response.json({ comment: await addComment({ annotationId: (await params).id, input, actor }) }, { status: 201 });
});
