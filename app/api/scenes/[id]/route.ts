// GET /api/scenes/:id — one scene's metadata (signed in).
// PATCH /api/scenes/:id — an editor sets what the public gets of it (display allowed, zoom cap, tile rendering).
// DELETE /api/scenes/:id — a scene whose conversion failed goes (its uploader or an admin); 204.
import { readJson, route } from "@/lib/http/route.server";
import { deleteScene } from "@/lib/scenes/delete-scene.server";
import { getSceneOrThrow } from "@/lib/scenes/get-scene.server";
import { updateScenePublicSettings } from "@/lib/scenes/scene-public-settings.server";
import { toSceneView } from "@/lib/scenes/scene-view";

type Ctx = { params: Promise<{ id: string }> };

export const GET = route<Ctx>("workspace:read", async (_request, { params }) => {
  return Response.json({ scene: toSceneView(await getSceneOrThrow((await params).id)) });
});

export const PATCH = route<Ctx>("release:publish", async (request, { params }, actor) => {
  return Response.json({ scene: toSceneView(await updateScenePublicSettings({ user: actor, sceneId: (await params).id, input: await readJson(request) })) });
});

export const DELETE = route<Ctx>("scene:upload", async (_request, { params }, actor) => {
  await deleteScene({ sceneId: (await params).id, user: actor });
  return new Response(null, { status: 204 });
});
