// GET /api/annotations/:id/comments — the discussion under a change (signed in only); POST — { body, parentId? } add a comment or reply
import { addComment, listComments } from "@/lib/annotations/comments.server";
import { CreateCommentInput } from "@/lib/annotations/annotation.schema";
import { requireCapability } from "@/lib/auth/session.server";
import { getRequestUser, readJson, route } from "@/lib/http/route.server";

type Ctx = { params: Promise<{ id: string }> };

export const GET = route<Ctx>(async (_request, { params }) => {
  requireCapability(await getRequestUser(), "workspace:read");
  return Response.json({ comments: await listComments((await params).id) });
});

export const POST = route<Ctx>(async (request, { params }) => {
  const actor = requireCapability(await getRequestUser(), "workspace:read");
  const input = CreateCommentInput.parse(await readJson(request));
  return Response.json({ comment: await addComment({ annotationId: (await params).id, input, actor }) }, { status: 201 });
});
