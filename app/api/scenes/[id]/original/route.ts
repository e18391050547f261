// GET|HEAD /api/scenes/:id/original — the file exactly as uploaded (its sha256 is the scene's), for provenance; signed-in only
import { requireCapability } from "@/lib/auth/session.server";
import { serveBlob } from "@/lib/http/serve-blob.server";
import { getRequestUser, route } from "@/lib/http/route.server";
import { getSceneOrThrow } from "@/lib/scenes/ingest-scene.server";

type Ctx = { params: Promise<{ id: string }> };

export const GET = route<Ctx>(async (request, { params }) => {
  requireCapability(await getRequestUser(), "workspace:read");
  const scene = await getSceneOrThrow((await params).id);
  return serveBlob(request, scene.sha256, { contentType: "image/tiff", downloadName: scene.originalFilename });
});

export const HEAD = GET;
