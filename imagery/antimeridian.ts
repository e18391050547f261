// Footprints that cross the antimeridian or enclose a pole, made valid in
// EPSG:4326 as RFC 7946 asks: a ring crossing ±180° twice is cut into two
// polygons (§3.1.9) with a bbox whose west edge is greater than its east (§5.2);
// a ring crossing it once goes round a pole and is closed through that pole.
import type { MultiPolygon, Polygon, Position } from "geojson";

export interface NormalizedFootprint {
  footprint: Polygon | MultiPolygon;
  /** [west, south, east, north]; west > east when the footprint crosses the antimeridian. */
  bbox: [number, number, number, number];
  crossesAntimeridian: boolean;
  containsPole: "north" | "south" | null;
}

/** Longitudes made continuous: each differs from the previous by at most 180°. */
function unwrap(ring: Position[]): Position[] {
  const out: Position[] = [[ring[0]![0]!, ring[0]![1]!]];
  for (let i = 1; i < ring.length; i++) {
    const prev = out[i - 1]![0]!;
    let lon = ring[i]![0]!;
    while (lon - prev > 180) lon -= 360;
    while (lon - prev < -180) lon += 360;
    out.push([lon, ring[i]![1]!]);
  }
  return out;
}

function crossings(ring: Position[]): number {
  let n = 0;
  for (let i = 1; i < ring.length; i++) if (Math.abs(ring[i]![0]! - ring[i - 1]![0]!) > 180) n++;
  return n;
}

function signedArea(ring: Position[]): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) s += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  return s / 2;
}

function ccw(ring: Position[]): Position[] {
  return signedArea(ring) < 0 ? [...ring].reverse() : ring;
}

/** Sutherland–Hodgman clip of a ring to the longitude band [lo, hi]. */
function clipToBand(ring: Position[], lo: number, hi: number): Position[] {
  const clipEdge = (points: Position[], inside: (p: Position) => boolean, edgeLon: number): Position[] => {
    const out: Position[] = [];
    for (let i = 0; i < points.length; i++) {
      const cur = points[i]!;
      const prev = points[(i + points.length - 1) % points.length]!;
      const cross = (): Position => {
        const t = (edgeLon - prev[0]!) / (cur[0]! - prev[0]!);
        return [edgeLon, prev[1]! + t * (cur[1]! - prev[1]!)];
      };
      if (inside(cur)) {
        if (!inside(prev)) out.push(cross());
        out.push(cur);
      } else if (inside(prev)) out.push(cross());
    }
    return out;
  };
  const open = ring.slice(0, -1);
  const clipped = clipEdge(
    clipEdge(open, (p) => p[0]! >= lo, lo),
    (p) => p[0]! <= hi,
    hi,
  );
  return clipped.length >= 3 ? [...clipped, clipped[0]!] : [];
}

const round = (v: number) => Math.round(v * 1e9) / 1e9;
/** Rounded to 1e-9° (0.1 mm), without repeated consecutive positions (a vertex can fall exactly on ±180°). */
const roundRing = (ring: Position[]) => ring.map(([x, y]) => [round(x!), round(y!)]).filter((p, i, all) => i === 0 || p[0] !== all[i - 1]![0] || p[1] !== all[i - 1]![1]);

export function normalizeFootprint(ring: Position[]): NormalizedFootprint {
  const n = crossings(ring);
  const lats = ring.map((p) => p[1]!);
  const south = Math.min(...lats);
  const north = Math.max(...lats);
  if (n === 0) {
    const lons = ring.map((p) => p[0]!);
    return { footprint: { type: "Polygon", coordinates: [ccw(ring)] }, bbox: [Math.min(...lons), south, Math.max(...lons), north], crossesAntimeridian: false, containsPole: null };
  }
  const unwrapped = unwrap(ring);
  if (n % 2 === 1) {
    // Round a pole. Walk the ring starting just after its one crossing, so the
    // longitudes run continuously from one side of ±180° to the other; then
    // close along ±180° at the crossing's latitude and through the pole.
    const open = ring.slice(0, -1);
    const at = open.findIndex((p, i) => i > 0 && Math.abs(p[0]! - open[i - 1]![0]!) > 180);
    const walk = [...open.slice(at), ...open.slice(0, at)];
    const first = walk[0]!;
    const last = walk.at(-1)!;
    const firstEdge = first[0]! < 0 ? -180 : 180;
    const lastEdge = -firstEdge;
    // Latitude where the segment last → first meets the antimeridian.
    const firstLonCont = first[0]! + (lastEdge > 0 ? 360 : -360);
    const t = (lastEdge - last[0]!) / (firstLonCont - last[0]!);
    const edgeLat = last[1]! + t * (first[1]! - last[1]!);
    const pole = lats.reduce((a, b) => a + b, 0) / lats.length >= 0 ? 90 : -90;
    const closed: Position[] = [[firstEdge, edgeLat], ...walk, [lastEdge, edgeLat], [lastEdge, pole], [firstEdge, pole], [firstEdge, edgeLat]];
    return {
      footprint: { type: "Polygon", coordinates: [ccw(roundRing(closed))] },
      bbox: [-180, pole > 0 ? south : -90, 180, pole > 0 ? 90 : north],
      crossesAntimeridian: true,
      containsPole: pole > 0 ? "north" : "south",
    };
  }
  // Crosses twice: cut at ±180° into an eastern and a western part.
  const base = unwrapped.map(([x, y]) => [x! < -180 ? x! + 360 : x!, y!]);
  const shifted = Math.min(...base.map((p) => p[0]!)) < -180 ? base.map(([x, y]) => [x! + 360, y!]) : base;
  const east = clipToBand(shifted, -180, 180);
  const west = clipToBand(shifted, 180, 540).map(([x, y]) => [x! - 360, y!]);
  const parts = [east, west].filter((p) => p.length >= 4).map((p) => [ccw(roundRing(p))]);
  const eastLons = east.map((p) => p[0]!);
  const westLons = west.map((p) => p[0]!);
  return {
    footprint: { type: "MultiPolygon", coordinates: parts },
    bbox: [Math.min(...eastLons), south, Math.max(...westLons), north],
    crossesAntimeridian: true,
    containsPole: null,
  };
}
