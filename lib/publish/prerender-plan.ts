// Which public tiles a release's first readers will ask for, so that a job can
// draw them before anyone does: for every scene the release shows publicly, in
// the rendering it froze, every tile from zoom 0 up to the scene's licence zoom
// over the site's footprint and as much again on each side (a reader's map,
// fitted to the footprint, shows its surroundings too), where the scene covers
// it. Pure.
import { tilesCovering } from "@/imagery/tiles/web-mercator";
import { geometryBbox } from "../geo/bbox";
import type { ReleaseSnapshot } from "../releases/release-snapshot";

export interface PrerenderTile {
  sceneId: string;
  /** The rendering the release froze (the public map asks for `?r=KEY`). */
  renderKey: string;
  z: number;
  x: number;
  y: number;
}

type Bbox = [number, number, number, number];

function overlap(a: Bbox, b: Bbox): Bbox | null {
  const box: Bbox = [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])];
  return box[0] <= box[2] && box[1] <= box[3] ? box : null;
}

/** Every tile to draw for `snapshot`, scene by scene, coarse zooms first (the first screen of a reader). */
export function prerenderPlan(snapshot: Pick<ReleaseSnapshot, "site" | "scenes">): PrerenderTile[] {
  const [w, south, e, n] = geometryBbox(snapshot.site.footprint);
  const [dx, dy] = [e - w, n - south];
  const site: Bbox = [Math.max(-180, w - dx), Math.max(-85, south - dy), Math.min(180, e + dx), Math.min(85, n + dy)];
  const tiles: PrerenderTile[] = [];
  for (const scene of snapshot.scenes) {
    if (!scene.publicDisplay || !scene.render) continue;
    const area = overlap(site, geometryBbox(scene.footprint) as Bbox);
    if (!area) continue;
    for (let z = 0; z <= scene.publicMaxZoom; z++) for (const [x, y] of tilesCovering(area, z)) tiles.push({ sceneId: scene.id, renderKey: scene.render.key, z, x, y });
  }
  return tiles.sort((a, b) => a.z - b.z);
}
