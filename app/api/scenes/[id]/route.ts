// GET /api/scenes/:id — one scene's metadata (signed in).
// PATCH /api/scenes/:id — an editor sets what the public gets of it (display allowed, zoom cap, tile rendering).
import { requireCapability } from "@/lib/auth/session.server";
import { getRequestUser, readJson, route } from "@/lib/http/route.server";
import { getSceneOrThrow } from "@/lib/scenes/ingest-scene.server";
import { updateScenePublicSettings } from "@/lib/scenes/scene-public-settings.server";

type Ctx = { params: Promise<{ id: string }> };

export const GET = route<Ctx>(async (_request, { params }) => {
  requireCapability(await getRequestUser(), "workspace:read");
  return Response.json({ scene: await getSceneOrThrow((await params).id) });
});

export const PATCH = route<Ctx>(async (request, { params }) => {
  const user = await getRequestUser();
  return Response.json({ scene: await updateScenePublicSettings(user, (await params).id, await readJson(request)) });
});
