// Public imagery tiles: GET /tiles/:sceneId/:z/:x/:y.webp. Only scenes shown
// in a published release whose licence allows public display, only up to the
// licence's zoom cap, rendered as the release froze it (bands and stretch,
// named by `render.key`; `?r=KEY` asks for an older release's rendering).
// Rendered tiles go to the tile cache beside the store (a folder, or the
// bucket: shared by every web instance) keyed by the COG's sha256, the
// rendering and z/x/y, and to a small memory cache in front of it; the COG is
// read through the store's byte source (S3: by range, block-cached); renders take turns
// (lib/publish/tile-render-turns.server.ts: on PostgreSQL shared by every web server) so
// a tile storm queues (or gets 503) instead of starving the API.
import type { ByteSource } from "@/imagery/source/byte-source";
import { CACHE_IMMUTABLE, etagMatches, fastPathHeader, latestCacheControl } from "../http/cache-control";
import { renderTile } from "@/imagery/tiles/render-tile";
import { ByteLru } from "@/imagery/tiles/lru";
import { IMAGERY_WRITER } from "@/imagery/writer";
import { isValidTile, lonLatToMercator, tileBounds } from "@/imagery/tiles/web-mercator";
import { geometryBbox } from "../geo/bbox";
import { db } from "../db.server";
import { getBlobStore } from "../storage/blob-store.server";
import { getTileCache } from "../storage/tile-cache.server";
import { getTileRenderTurns } from "./tile-render-turns.server";
import { resolvePublicRender, type PublicRender } from "../scenes/public-render";
import type { ReleaseSnapshot } from "../releases/release-snapshot";

export interface PublicTileScene {
  sceneId: string;
  /** Whether the newest release showing the scene allows public display. */
  display: boolean;
  maxZoom: number;
  /** The footprint's bounding box in EPSG:3857 metres [minX, minY, maxX, maxY], to skip tiles off the scene. */
  mercatorBbox: [number, number, number, number];
  /** The rendering of the newest release that shows it. */
  latest: PublicRender;
  /** Every rendering any release froze for it, by key. */
  renders: Map<string, PublicRender>;
  /** The newest release showing it (for ordering). */
  publishedAt: string;
}

export interface TileResponse {
  status: 200 | 304 | 404 | 503;
  body: Buffer | string | null;
  headers: Record<string, string>;
  /** Where a 200's tile came from: this process's memory, the shared tile cache, or drawn for this request. */
  source?: "memory" | "cache" | "drawn";
}

/** Without `?r=` the URL means "the current rendering", which a later release may change. */
const REVALIDATE = latestCacheControl(300);
const INDEX_TTL_MS = 1000;

let index: { releases: number; at: number; scenes: Map<string, PublicTileScene> } | null = null;

function mercatorBbox(footprint: { coordinates: unknown }): [number, number, number, number] {
  const [w, south, e, n] = geometryBbox(footprint);
  return [...lonLatToMercator(w, south), ...lonLatToMercator(e, n)] as [number, number, number, number];
}

/** Every scene any release shows, from the release snapshots only (never from live scene rows). */
export async function buildPublicSceneIndex(): Promise<Map<string, PublicTileScene>> {
  const releases = await db.release.findMany({ select: { snapshot: true, publishedAt: true }, orderBy: { publishedAt: "asc" } });
  const scenes = new Map<string, PublicTileScene>();
  for (const r of releases) {
    const snap = JSON.parse(r.snapshot) as ReleaseSnapshot;
    const at = r.publishedAt.toISOString();
    for (const s of snap.scenes) {
      // Snapshots made before renderings were frozen fall back to the default of the scene's stored statistics.
      const render = s.render ?? (await legacyRender(s.id));
      if (!render) continue;
      const entry = scenes.get(s.id);
      if (entry) entry.renders.set(render.key, render);
      if (!entry || entry.publishedAt <= at) {
        scenes.set(s.id, {
          sceneId: s.id,
          display: s.publicDisplay,
          maxZoom: s.publicMaxZoom,
          mercatorBbox: mercatorBbox(s.footprint),
          latest: render,
          renders: entry?.renders ?? new Map([[render.key, render]]),
          publishedAt: at,
        });
      }
    }
  }
  return scenes;
}

async function legacyRender(sceneId: string): Promise<PublicRender | null> {
  const row = await db.scene.findUnique({ where: { id: sceneId }, select: { bandCount: true, bandStats: true } });
  return row ? resolvePublicRender({ publicRender: "", bandCount: row.bandCount, bandStats: row.bandStats }) : null;
}

/** The index, rechecked at most once a second, and at once when asked for a scene or rendering it does not know (a release just published). */
async function sceneIndex(sceneId: string, renderKey: string | null): Promise<Map<string, PublicTileScene>> {
  const now = Date.now();
  const known = index?.scenes.get(sceneId);
  const stale = !index || now - index.at > INDEX_TTL_MS || !known || (renderKey !== null && !known.renders.has(renderKey));
  if (stale) {
    // Releases are append-only: their count says whether anything was published since.
    const releases = await db.release.count();
    if (!index || releases !== index.releases) index = { releases, at: now, scenes: await buildPublicSceneIndex() };
    else index.at = now;
  }
  return index!.scenes;
}

/** For tests: forget the index and which store each scene's COG was opened from (a test database or store was swapped). */
export function resetPublicTileIndex(): void {
  index = null;
  files.clear();
}

/** For tests: forget the tiles this process keeps in memory, as another web server would not have them (the shared tile cache stays). */
export function forgetPublicTilesInMemory(): void {
  memory.clear();
  emptyTiles.clear();
}

// --- caches ------------------------------------------------------------------

const memory = new ByteLru<Buffer>(Number(process.env.SITEWATCH_TILE_MEMORY_CACHE_MB ?? 64) * 1024 * 1024);
/** Tiles known to hold no pixel of the scene (outside the image or all nodata). */
const emptyTiles = new ByteLru<true>(4 * 1024 * 1024);
/** Renders in progress, so simultaneous requests for one tile render it once. */
const inflight = new Map<string, Promise<Buffer | null>>();

function cacheKey(cogSha: string, renderKey: string, z: number, x: number, y: number): string {
  return `${cogSha.slice(0, 2)}/${cogSha}/${renderKey}/${z}/${x}/${y}`;
}

/** Where a rendering's lineage is kept, beside its tiles: their parent (the COG), the rendering and the writer. */
export function tileLineageKey(cogSha: string, renderKey: string): string {
  return `${cogSha.slice(0, 2)}/${cogSha}/${renderKey}/lineage`;
}

const lineageRecorded = new Set<string>();

/** Records, once per rendering, what its tiles were drawn from and by which writer (every tile of it shares both). */
async function recordTileLineage(tiles: ReturnType<typeof getTileCache>, cogSha: string, render: PublicRender): Promise<void> {
  const key = tileLineageKey(cogSha, render.key);
  if (lineageRecorded.has(key)) return;
  const lineage = { parent: { kind: "cog", sha256: cogSha }, render: { key: render.key, bands: render.bands, stretch: render.stretch }, writer: IMAGERY_WRITER };
  await tiles.put(key, Buffer.from(`${JSON.stringify(lineage, null, 2)}\n`));
  lineageRecorded.add(key);
}

const notFound = (message: string): TileResponse => ({
  status: 404,
  body: JSON.stringify({ error: { code: "not_found", message } }),
  headers: { "content-type": "application/json", "cache-control": "public, max-age=60" },
});

const TILE_PATH = /^(\d{1,2})$/;

/**
 * The public tile z/x/y of a scene. `yFile` is the last path segment
 * ("123.webp"). Anything not public — an unknown or unpublished scene, a scene
 * whose licence forbids display, a zoom past its cap, an unknown rendering —
 * is a 404 that says which, and reads no file.
 */
export async function getPublicTile(args: { sceneId: string; z: string; x: string; yFile: string; renderKey: string | null; ifNoneMatch: string | null }): Promise<TileResponse> {
  const m = /^(\d{1,8})\.webp$/.exec(args.yFile);
  const z = TILE_PATH.test(args.z) ? Number(args.z) : NaN;
  const x = /^\d{1,8}$/.test(args.x) ? Number(args.x) : NaN;
  const y = m ? Number(m[1]) : NaN;
  if (!isValidTile(z, x, y)) return notFound("no such tile: use /tiles/SCENE/Z/X/Y.webp with X and Y inside zoom Z");
  if (!/^[a-z0-9]{1,40}$/.test(args.sceneId)) return notFound("no published imagery with that id");
  const scene = (await sceneIndex(args.sceneId, args.renderKey)).get(args.sceneId);
  if (!scene) return notFound("no published imagery with that id");
  if (!scene.display) return notFound("this scene's licence does not allow public display");
  if (z > scene.maxZoom) return notFound(`this scene's licence allows tiles up to zoom ${scene.maxZoom}`);
  const render = args.renderKey ? scene.renders.get(args.renderKey) : scene.latest;
  if (!render) return notFound("no published rendering with that key");
  const [minX, minY, maxX, maxY] = tileBounds(z, x, y);
  const [sx0, sy0, sx1, sy1] = scene.mercatorBbox;
  if (minX > sx1 || sx0 > maxX || minY > sy1 || sy0 > maxY) return notFound("no imagery in this tile");

  const sceneRow = await sceneFiles(scene.sceneId);
  if (!sceneRow) return notFound("no published imagery with that id");
  const key = `${sceneRow.cogSha}/${render.key}/${z}/${x}/${y}`;
  const etag = `"${sceneRow.cogSha.slice(0, 16)}-${render.key}-${z}-${x}-${y}"`;
  const headers: Record<string, string> = { etag, "cache-control": args.renderKey ? CACHE_IMMUTABLE : REVALIDATE, vary: "Accept-Encoding" };
  if (emptyTiles.get(key)) return notFound("no imagery in this tile");
  if (etagMatches(args.ifNoneMatch, etag)) return { status: 304, body: null, headers };

  let webp: Buffer | null | undefined = memory.get(key);
  let source: TileResponse["source"] = "memory";
  if (!webp) {
    const tiles = getTileCache();
    const cached = cacheKey(sceneRow.cogSha, render.key, z, x, y);
    // A cache that cannot be read is a miss: the tile is drawn again.
    webp = (await tiles.get(cached).catch(() => null)) ?? undefined;
    source = "cache";
    if (!webp) {
      source = "drawn";
      let pending = inflight.get(key);
      if (!pending) {
        pending = (async () => {
          const draw = async () => {
            const tile = await renderTile({ scene: { file: await sceneRow.source() }, z, x, y, bands: render.bands, stretch: render.stretch });
            if (tile) {
              await tiles.put(cached, tile.webp);
              await recordTileLineage(tiles, sceneRow.cogSha, render);
            }
            return tile?.webp ?? null;
          };
          // Another web server drawing it meanwhile puts it in the cache; an empty tile leaves nothing there, so it is
          // drawn here after all, in its turn like any other.
          const drawnHere = async () => {
            const turn = await getTileRenderTurns().run(key, draw);
            if (turn.ran) return turn.value;
            if (turn.reason === "busy") throw new BusyError();
            return undefined;
          };
          const first = await drawnHere();
          if (first !== undefined) return first;
          const fromElsewhere = await tiles.get(cached).catch(() => null);
          if (fromElsewhere) return fromElsewhere;
          return (await drawnHere()) ?? (await tiles.get(cached).catch(() => null));
        })().finally(() => inflight.delete(key));
        inflight.set(key, pending);
      }
      try {
        webp = await pending;
      } catch (e) {
        if (e instanceof BusyError)
          return {
            status: 503,
            body: JSON.stringify({ error: { code: "busy", message: "too many tiles are being drawn; try again in a moment" } }),
            headers: { "content-type": "application/json", "retry-after": "1", "cache-control": "no-store" },
          };
        throw e;
      }
      if (!webp) {
        emptyTiles.set(key, true, key.length);
        return notFound("no imagery in this tile");
      }
    }
    memory.set(key, webp, webp.length);
  }
  return {
    status: 200,
    body: webp,
    source,
    headers: { ...headers, ...fastPathHeader(args.renderKey !== null), "content-type": "image/webp", "x-sitewatch-content-length": String(webp.length) },
  };
}

class BusyError extends Error {}

interface SceneFile {
  cogSha: string;
  /** The COG's byte source, opened on the first render (a tile in the cache needs none). */
  source(): Promise<ByteSource>;
}

/**
 * Which COG each scene's tiles come from, read again after a minute: another
 * process may have given a scene its cloud-optimised copy since (`sitewatch
 * scenes convert`), and every instance must then render from the same file.
 */
const FILES_TTL_MS = 60_000;
const files = new Map<string, SceneFile & { at: number }>();
async function sceneFiles(sceneId: string): Promise<SceneFile | null> {
  const hit = files.get(sceneId);
  if (hit && Date.now() - hit.at < FILES_TTL_MS) return hit;
  const row = await db.scene.findUnique({ where: { id: sceneId }, select: { sha256: true, cogSha256: true } });
  if (!row) return null;
  const cogSha = row.cogSha256 ?? row.sha256;
  let opened: Promise<ByteSource> | null = null;
  if (hit && hit.cogSha === cogSha) {
    hit.at = Date.now();
    return hit;
  }
  const entry: SceneFile & { at: number } = {
    at: Date.now(),
    cogSha,
    source: () =>
      (opened ??= getBlobStore()
        .openSource(cogSha)
        .catch((e: unknown) => {
          opened = null;
          throw e;
        })),
  };
  files.set(sceneId, entry);
  return entry;
}
