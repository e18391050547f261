// GET /tiles/:sceneId/:z/:x/:y.webp[?r=RENDER] — public imagery tiles of published scenes (see lib/publish/public-tiles.server.ts)
import { route } from "@/lib/http/route.server";
import { getPublicTile } from "@/lib/publish/public-tiles.server";

type Ctx = { params: Promise<{ sceneId: string; z: string; x: string; y: string }> };

export const GET = route<Ctx>("public", async (request, { params }) => {
  const { sceneId, z, x, y } = await params;
  const tile = await getPublicTile({ sceneId, z, x, yFile: y, renderKey: new URL(request.url).searchParams.get("r"), ifNoneMatch: request.headers.get("if-none-match") });
  return new Response(tile.body === null ? null : typeof tile.body === "string" ? tile.body : new Uint8Array(tile.body), { status: tile.status, headers: tile.headers });
});
