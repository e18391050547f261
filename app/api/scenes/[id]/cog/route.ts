// GET|HEAD /api/scenes/:id/cog — the stored GeoTIFF with HTTP Range; signed-in only (raw imagery is never public)
import { requireCapability } from "@/lib/auth/session.server";
import { getRequestUser, route } from "@/lib/http/route.server";
import { parseRange } from "@/lib/http/range";
import { getSceneOrThrow } from "@/lib/scenes/ingest-scene.server";
import { getBlobStore } from "@/lib/storage/blob-store.server";
import { Readable } from "node:stream";

type Ctx = { params: Promise<{ id: string }> };

/** Next.js drops Content-Length on route-handler bodies; server.mjs restores it from this header. */
const LENGTH_HEADER = "X-Sitewatch-Content-Length";

function lengthHeaders(length: number) {
  return { "Content-Length": String(length), [LENGTH_HEADER]: String(length) };
}

export const GET = route<Ctx>(async (request, { params }) => {
  requireCapability(await getRequestUser(), "workspace:read");
  const scene = await getSceneOrThrow((await params).id);
  const store = getBlobStore();
  const size = await store.size(scene.sha256);
  const etag = `"${scene.sha256}"`;
  const common = {
    "Accept-Ranges": "bytes",
    ETag: etag,
    "Content-Type": "image/tiff",
    // Signed-in content: the browser may keep it, shared caches may not.
    "Cache-Control": "private, max-age=3600",
  };
  if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers: common });
  const range = parseRange(request.headers.get("range"), size);
  if (range === "unsatisfiable") return new Response(null, { status: 416, headers: { ...common, "Content-Range": `bytes */${size}` } });
  const [start, end] = range ?? [0, size - 1];
  const withBody = request.method !== "HEAD" && size > 0;
  const body = withBody ? (Readable.toWeb(store.openRead({ sha256: scene.sha256, start, end })) as ReadableStream) : null;
  return new Response(body, {
    status: range ? 206 : 200,
    headers: { ...common, ...lengthHeaders(end - start + 1), ...(range ? { "Content-Range": `bytes ${start}-${end}/${size}` } : {}) },
  });
});
