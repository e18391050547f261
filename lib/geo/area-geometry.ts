// Validation of the polygons people draw or paste: site footprints and change
// geometries. Pure (zod-free, Turf only) so the map code, the server and the
// tests apply exactly the same rules.
// One Turf package each (not @turf/turf): the command line loads this, and the whole of Turf takes a quarter of a second to load.
import { area } from "@turf/area";
import { bbox as turfBbox } from "@turf/bbox";
import { booleanPointInPolygon } from "@turf/boolean-point-in-polygon";
import { rewind } from "@turf/rewind";
import type { MultiPolygon, Polygon, Position } from "geojson";
import { GEOMETRY_LIMITS, geometryLimitProblem, type GeometryLimitProblem, type GeometryLimits } from "./geometry-limits";
import { findRingCrossings } from "./self-intersections";

/**
 * A site footprint or change geometry: GeoJSON Polygon or MultiPolygon in
 * EPSG:4326, positions [lon, lat] in degrees, every ring closed (first
 * position repeated last), exterior rings counter-clockwise and holes
 * clockwise (RFC 7946 §3.1.6).
 */
export type AreaGeometry = Polygon | MultiPolygon;

/** [minLon, minLat, maxLon, maxLat] in degrees, EPSG:4326. */
export type Bbox = [number, number, number, number];

export type GeometryProblem =
  | "not-geometry"
  | "wrong-type"
  | GeometryLimitProblem
  | "bad-position"
  | "out-of-range"
  | "too-few-positions"
  | "unclosed-ring"
  | "crosses-antimeridian"
  | "self-intersection"
  | "zero-area"
  | "hole-outside-outline"
  | "parts-overlap";

/** [lon, lat] in degrees, EPSG:4326: where on the map a problem is. */
export type LonLat = [number, number];

export type AreaGeometryFailure = { ok: false; problem: GeometryProblem; message: string; at?: LonLat[]; geometry?: AreaGeometry };
export type AreaGeometryResult = { ok: true; geometry: AreaGeometry; bbox: Bbox; areaM2: number } | AreaGeometryFailure;

/** Below this a polygon is a sliver or a mis-click, not a change anyone can see. */
export const MIN_AREA_M2 = 1;

function fail(problem: GeometryProblem, message: string, extra?: { at?: LonLat[]; geometry?: AreaGeometry }): AreaGeometryFailure {
  return { ok: false, problem, message, ...extra };
}

function checkRing(ring: unknown, where: string): AreaGeometryFailure | null {
  if (!Array.isArray(ring)) return fail("not-geometry", `${where} is not an array of positions`);
  for (const [i, pos] of ring.entries()) {
    if (!Array.isArray(pos) || pos.length < 2 || pos.length > 3 || !pos.every((n) => typeof n === "number" && Number.isFinite(n))) {
      return fail("bad-position", `${where}, position ${i} is not [lon, lat] in numbers`);
    }
    const [lon, lat] = pos as number[];
    if (lon! < -180 || lon! > 180 || lat! < -90 || lat! > 90) {
      return fail("out-of-range", `${where}, position ${i} [${lon}, ${lat}] is outside lon -180..180 / lat -90..90 (are longitude and latitude swapped, or is it not EPSG:4326?)`);
    }
  }
  if (ring.length < 4) {
    return fail("too-few-positions", `${where} has ${ring.length} positions; a ring needs at least 4 (a triangle, closed)`);
  }
  const first = ring[0] as number[];
  const last = ring[ring.length - 1] as number[];
  if (first[0] !== last[0] || first[1] !== last[1]) {
    return fail("unclosed-ring", `${where} is not closed: its last position must repeat its first`);
  }
  return null;
}

/** The polygons of a Polygon (one) or MultiPolygon (each part), as rings of positions. */
export function polygonsOf(g: AreaGeometry): Position[][][] {
  return g.type === "Polygon" ? [g.coordinates] : g.coordinates;
}

/**
 * Every place where a polygon's edges cross (its own rings, holes included),
 * per part (0-based), each crossing once. Parts of a MultiPolygon are not
 * compared with each other here.
 */
export function findSelfIntersections(geometry: AreaGeometry): { part: number; at: LonLat }[] {
  const found: { part: number; at: LonLat }[] = [];
  for (const [part, rings] of polygonsOf(geometry).entries()) {
    const seen = new Set<string>();
    for (const [lon, lat] of findRingCrossings(rings)) {
      const key = `${lon.toFixed(9)},${lat.toFixed(9)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      found.push({ part, at: [lon, lat] });
    }
  }
  return found;
}

/** Widest a polygon may be, in degrees of longitude: wider, it is almost certainly a small one across 180° read the long way round. */
const MAX_LON_SPAN_DEG = 180;

/**
 * The first part whose outline spans more than half the globe in longitude
 * (RFC 7946 §3.1.9: a polygon across the antimeridian must be cut in two), or null.
 */
export function findAntimeridianBand(geometry: AreaGeometry): { part: number; spanDeg: number } | null {
  for (const [part, [outline]] of polygonsOf(geometry).entries()) {
    let west = Infinity;
    let east = -Infinity;
    let reachesPole = false;
    for (const [lon, lat] of outline ?? []) {
      west = Math.min(west, lon!);
      east = Math.max(east, lon!);
      if (Math.abs(lat!) === 90) reachesPole = true;
    }
    // A cap round a pole (a polar scene's footprint) goes round the whole globe through the pole: that is right.
    if (reachesPole) continue;
    if (east - west > MAX_LON_SPAN_DEG) return { part, spanDeg: east - west };
  }
  return null;
}

/**
 * Holes that do not lie inside their own outline (a vertex outside it; crossing
 * rings are found by findSelfIntersections). Each with its part (0-based), hole
 * number (1-based) and the first vertex outside.
 */
export function findStrayHoles(geometry: AreaGeometry): { part: number; hole: number; at: LonLat }[] {
  const stray: { part: number; hole: number; at: LonLat }[] = [];
  for (const [part, [outline, ...holes]] of polygonsOf(geometry).entries()) {
    const shell = { type: "Polygon" as const, coordinates: [outline!] };
    holes.forEach((ring, i) => {
      const outside = ring.find((p) => !booleanPointInPolygon(p as LonLat, shell));
      if (outside) stray.push({ part, hole: i + 1, at: outside as LonLat });
    });
  }
  return stray;
}

/** Options of the geometry checks: the size limits (lib/geo/geometry-limits.ts; those in force by default). */
export interface AreaCheckOptions {
  limits?: GeometryLimits;
}

/**
 * Checks that the input is a well-formed Polygon or MultiPolygon within the
 * size limits (counted first, from array lengths alone): types, positions in
 * range, closed rings of at least four positions. Says nothing about crossings
 * or area.
 */
export function checkAreaStructure(input: unknown, options: AreaCheckOptions = {}): { ok: true; geometry: AreaGeometry } | AreaGeometryFailure {
  if (typeof input !== "object" || input === null || !("type" in input)) {
    return fail("not-geometry", "expected a GeoJSON Polygon or MultiPolygon object");
  }
  const { type, coordinates } = input as { type: unknown; coordinates: unknown };
  if (type !== "Polygon" && type !== "MultiPolygon") {
    return fail("wrong-type", `expected a Polygon or MultiPolygon, got ${JSON.stringify(type)}`);
  }
  if (!Array.isArray(coordinates) || coordinates.length === 0) {
    return fail("not-geometry", `${type} has no coordinates`);
  }
  // Before anything that reads every position: a million corners are refused at the cost of counting arrays.
  const tooBig = geometryLimitProblem(input, options.limits ?? GEOMETRY_LIMITS);
  if (tooBig) return fail(tooBig.problem, tooBig.message);
  const polygons = (type === "Polygon" ? [coordinates] : coordinates) as unknown[];
  for (const [p, rings] of polygons.entries()) {
    if (!Array.isArray(rings) || rings.length === 0) {
      return fail("not-geometry", `polygon ${p + 1} has no rings`);
    }
    for (const [r, ring] of rings.entries()) {
      const where = `${type === "MultiPolygon" ? `polygon ${p + 1}, ` : ""}${r === 0 ? "exterior ring" : `hole ${r}`}`;
      const problem = checkRing(ring, where);
      if (problem) return problem;
    }
  }
  return { ok: true, geometry: { type, coordinates } as AreaGeometry };
}

/**
 * Checks a geometry and returns it rewound to RFC 7946 with its bbox and
 * geodesic area, or the first problem found with a sentence a person understands
 * (for crossings, every crossing point in `at`).
 */
export function validateAreaGeometry(input: unknown, options: AreaCheckOptions = {}): AreaGeometryResult {
  const structure = checkAreaStructure(input, options);
  if (!structure.ok) return fail(structure.problem, structure.message);
  const { geometry } = structure;
  const band = findAntimeridianBand(geometry);
  if (band) {
    const where = geometry.type === "MultiPolygon" ? `polygon ${band.part + 1} ` : "it ";
    return fail(
      "crosses-antimeridian",
      `${where}spans ${band.spanDeg.toFixed(1)}° of longitude, more than half the globe: it most likely crosses the antimeridian (180°), which one GeoJSON polygon cannot — draw it as two parts, one on each side of 180°`,
    );
  }
  const crossings = findSelfIntersections(geometry);
  const first = crossings[0];
  if (first) {
    const [lon, lat] = first.at;
    const more = crossings.length > 1 ? ` (and ${crossings.length - 1} more crossing${crossings.length > 2 ? "s" : ""})` : "";
    return fail(
      "self-intersection",
      `${geometry.type === "MultiPolygon" ? `polygon ${first.part + 1}: ` : ""}edges cross each other near [${lon.toFixed(6)}, ${lat.toFixed(6)}]${more}`,
      { at: crossings.map((c) => c.at), geometry },
    );
  }
  const stray = findStrayHoles(geometry)[0];
  if (stray) {
    const where = geometry.type === "MultiPolygon" ? `polygon ${stray.part + 1}, ` : "";
    return fail("hole-outside-outline", `${where}hole ${stray.hole} is not inside its outline: a hole must lie within the ring it cuts out of`, { at: [stray.at], geometry });
  }
  const areaM2 = area(geometry);
  if (!(areaM2 >= MIN_AREA_M2)) {
    return fail("zero-area", `the area is ${areaM2.toFixed(3)} m²; a change or footprint must cover at least ${MIN_AREA_M2} m²`);
  }
  // rewind() mutates in place: copy so the caller's object is left as it was.
  const rewound = rewind(structuredClone(geometry), { reverse: false }) as AreaGeometry;
  return { ok: true, geometry: rewound, bbox: turfBbox(rewound) as Bbox, areaM2 };
}

/**
 * Unwraps what people paste: a bare geometry, a Feature, or a FeatureCollection
 * with exactly one feature. Returns the geometry part, unvalidated.
 */
export function extractGeometry(pasted: unknown): unknown {
  if (typeof pasted !== "object" || pasted === null) return pasted;
  const o = pasted as { type?: unknown; geometry?: unknown; features?: unknown };
  if (o.type === "Feature") return o.geometry;
  if (o.type === "FeatureCollection" && Array.isArray(o.features) && o.features.length === 1) {
    return (o.features[0] as { geometry?: unknown }).geometry;
  }
  return pasted;
}

/** Formats an area for people: m² below one hectare, hectares above. */
export { formatArea } from "../format";
