// GET|HEAD /api/scenes/:id/cog — the scene's Cloud-Optimised GeoTIFF with HTTP Range; signed-in only (raw imagery is never public)
import { serveBlob } from "@/lib/http/serve-blob.server";
import { route } from "@/lib/http/route.server";
import { getReadySceneOrThrow } from "@/lib/scenes/get-scene.server";

type Ctx = { params: Promise<{ id: string }> };

export const GET = route<Ctx>("workspace:read", async (request, { params }) => {
  const scene = await getReadySceneOrThrow((await params).id);
  // Scenes ingested before conversion existed are served from their original.
  return serveBlob({ request, sha256: scene.cogSha256 ?? scene.sha256, contentType: "image/tiff" });
});

export const HEAD = GET;
