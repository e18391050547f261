// GET /api/scenes/:id — one scene's metadata (signed in)
import { requireCapability } from "@/lib/auth/session.server";
import { getRequestUser, route } from "@/lib/http/route.server";
import { getSceneOrThrow } from "@/lib/scenes/ingest-scene.server";

export const GET = route<{ params: Promise<{ id: string }> }>(async (_request, { params }) => {
  requireCapability(await getRequestUser(), "workspace:read");
  return Response.json({ scene: await getSceneOrThrow((await params).id) });
});
