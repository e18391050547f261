// GET|HEAD /api/scenes/:id/cog — the stored GeoTIFF with HTTP Range; signed-in only (raw imagery is never public)
import { Readable } from "node:stream";
import { requireCapability } from "@/lib/auth/session.server";
import { getRequestUser, route } from "@/lib/http/route.server";
import { parseRange } from "@/lib/http/range";
import { getSceneOrThrow } from "@/lib/scenes/ingest-scene.server";
import { getBlobStore } from "@/lib/storage/blob-store.server";

type Ctx = { params: Promise<{ id: string }> };

async function serve(request: Request, { params }: Ctx, withBody: boolean): Promise<Response> {
  requireCapability(await getRequestUser(), "workspace:read");
  const scene = await getSceneOrThrow((await params).id);
  const store = getBlobStore();
  const size = await store.size(scene.sha256);
  const etag = `"${scene.sha256}"`;
  const common = {
    "Accept-Ranges": "bytes",
    ETag: etag,
    "Content-Type": "image/tiff",
    // Signed-in content: browsers may keep it, shared caches may not.
    "Cache-Control": "private, max-age=3600",
  };
  if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers: common });
  const range = parseRange(request.headers.get("range"), size);
  if (range === "unsatisfiable") {
    return new Response(null, { status: 416, headers: { ...common, "Content-Range": `bytes */${size}` } });
  }
  const [start, end] = range ?? [0, size - 1];
  const headers = { ...common, "Content-Length": String(end - start + 1), ...(range ? { "Content-Range": `bytes ${start}-${end}/${size}` } : {}) };
  const body = withBody && size > 0 ? (Readable.toWeb(store.openRead({ sha256: scene.sha256, start, end })) as ReadableStream) : null;
  return new Response(body, { status: range ? 206 : 200, headers });
}

export const GET = route<Ctx>((request, ctx) => serve(request, ctx, true));
export const HEAD = route<Ctx>((request, ctx) => serve(request, ctx, false));
