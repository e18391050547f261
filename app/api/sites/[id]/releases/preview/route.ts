// GET /api/sites/:id/releases/preview — what publishing now would do: next number, changelog, the actor's own approved changes, the site's scenes (public or why not)
import { route } from "@/lib/http/route.server";
import { previewRelease } from "@/lib/releases/preview-release.server";

export const GET = route<{ params: Promise<{ id: string }> }>("release:publish", async (_request, { params }, actor) => {
  return Response.json(await previewRelease({ siteId: (await params).id, actor }));
});
