// GET|HEAD /api/scenes/:id/original — the file exactly as uploaded (its sha256 is the scene's), for provenance; signed-in only
import { serveBlob } from "@/lib/http/serve-blob.server";
import { route } from "@/lib/http/route.server";
import { getReadySceneOrThrow } from "@/lib/scenes/get-scene.server";

type Ctx = { params: Promise<{ id: string }> };

export const GET = route<Ctx>("workspace:read", async (request, { params }) => {
  const scene = await getReadySceneOrThrow((await params).id);
  return serveBlob({ request, sha256: scene.sha256, contentType: "image/tiff", downloadName: scene.originalFilename });
});

export const HEAD = GET;
