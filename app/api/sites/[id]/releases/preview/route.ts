// GET /api/sites/:id/releases/preview — what publishing now would do: next number, changelog, the actor's own approved changes
import { requireCapability } from "@/lib/auth/session.server";
import { getRequestUser, route } from "@/lib/http/route.server";
import { previewRelease } from "@/lib/releases/publish-release.server";

export const GET = route<{ params: Promise<{ id: string }> }>(async (_request, { params }) => {
  const actor = requireCapability(await getRequestUser(), "release:publish");
  return Response.json(await previewRelease({ siteId: (await params).id, actor }));
});
