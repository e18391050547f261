// Footprint of a raster in EPSG:4326. Edges are densified before reprojection,
// because a straight edge in UTM or a polar projection is a curve in lon/lat.
import type { Position } from "geojson";
import { normalizeFootprint, type NormalizedFootprint } from "./antimeridian";

export interface GeoTransform {
  /** x = originX + col * a + row * b; y = originY + col * d + row * e (GDAL order: [originX, a, b, originY, d, e]). */
  readonly gt: readonly [number, number, number, number, number, number];
}

export function pixelToCrs(gt: GeoTransform["gt"], col: number, row: number): [number, number] {
  return [gt[0] + col * gt[1] + row * gt[2], gt[3] + col * gt[4] + row * gt[5]];
}

/**
 * Outline of the raster (pixel corners 0..width, 0..height) as a closed,
 * counter-clockwise ring in lon/lat, `perEdge` points on each edge.
 */
export function computeFootprint(args: {
  width: number;
  height: number;
  gt: GeoTransform["gt"];
  toLonLat: (xy: [number, number]) => [number, number];
  perEdge?: number;
}): NormalizedFootprint {
  const { width, height, gt, toLonLat } = args;
  const n = args.perEdge ?? 16;
  const pixelRing: [number, number][] = [];
  // Walk top, right, bottom, left edges in pixel space.
  for (let i = 0; i < n; i++) pixelRing.push([(width * i) / n, 0]);
  for (let i = 0; i < n; i++) pixelRing.push([width, (height * i) / n]);
  for (let i = 0; i < n; i++) pixelRing.push([width - (width * i) / n, height]);
  for (let i = 0; i < n; i++) pixelRing.push([0, height - (height * i) / n]);
  const ring: Position[] = pixelRing.map(([c, r]) => {
    const [lon, lat] = toLonLat(pixelToCrs(gt, c, r));
    return [round(clampDust(lon, 180)), round(clampDust(lat, 90))];
  });
  for (const [lon, lat] of ring) {
    if (!Number.isFinite(lon!) || !Number.isFinite(lat!)) throw new Error("footprint corner could not be reprojected");
  }
  ring.push(ring[0]!);
  return normalizeFootprint(ring);
}

/**
 * How far past ±180° / ±90° an edge may fall and still be the edge of the world: floating-point dust of a
 * world-wide raster's georeferencing (a few micro-degrees, centimetres on the ground). Beyond it, the footprint is
 * refused as outside the world.
 */
export const WORLD_EDGE_DUST_DEG = 1e-5;

function clampDust(v: number, limit: number): number {
  return Math.abs(v) > limit && Math.abs(v) <= limit + WORLD_EDGE_DUST_DEG ? Math.sign(v) * limit : v;
}

function round(v: number): number {
  return Math.round(v * 1e9) / 1e9;
}
