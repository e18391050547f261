// Validation of the polygons people draw or paste: site footprints and change
// geometries. Pure (zod-free, Turf only) so the map code, the server and the
// tests apply exactly the same rules.
import { area, bbox as turfBbox, kinks, rewind } from "@turf/turf";
import type { MultiPolygon, Polygon, Position } from "geojson";

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
  | "bad-position"
  | "out-of-range"
  | "too-few-positions"
  | "unclosed-ring"
  | "self-intersection"
  | "zero-area";

export type AreaGeometryResult =
  | { ok: true; geometry: AreaGeometry; bbox: Bbox; areaM2: number }
  | { ok: false; problem: GeometryProblem; message: string };

/** Below this a polygon is a sliver or a mis-click, not a change anyone can see. */
export const MIN_AREA_M2 = 1;

function fail(problem: GeometryProblem, message: string): AreaGeometryResult {
  return { ok: false, problem, message };
}

function checkRing(ring: unknown, where: string): AreaGeometryResult | null {
  if (!Array.isArray(ring)) return fail("not-geometry", `${where} is not an array of positions`);
  for (const [i, pos] of ring.entries()) {
    if (
      !Array.isArray(pos) ||
      pos.length < 2 ||
      pos.length > 3 ||
      !pos.every((n) => typeof n === "number" && Number.isFinite(n))
    ) {
      return fail("bad-position", `${where}, position ${i} is not [lon, lat] in numbers`);
    }
    const [lon, lat] = pos as number[];
    if (lon! < -180 || lon! > 180 || lat! < -90 || lat! > 90) {
      return fail(
        "out-of-range",
        `${where}, position ${i} [${lon}, ${lat}] is outside lon -180..180 / lat -90..90 (are longitude and latitude swapped, or is it not EPSG:4326?)`,
      );
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

function polygonsOf(g: AreaGeometry): Position[][][] {
  return g.type === "Polygon" ? [g.coordinates] : g.coordinates;
}

/**
 * Checks a geometry and returns it rewound to RFC 7946 with its bbox and
 * geodesic area, or the first problem found with a sentence a person understands.
 */
export function validateAreaGeometry(input: unknown): AreaGeometryResult {
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
  const geometry = { type, coordinates } as AreaGeometry;
  for (const [p, rings] of polygonsOf(geometry).entries()) {
    const crossings = kinks({ type: "Polygon", coordinates: rings });
    const first = crossings.features[0];
    if (first) {
      const [lon, lat] = first.geometry.coordinates as [number, number];
      return fail(
        "self-intersection",
        `${type === "MultiPolygon" ? `polygon ${p + 1}: ` : ""}edges cross each other near [${lon.toFixed(6)}, ${lat.toFixed(6)}]`,
      );
    }
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
export function formatArea(areaM2: number): string {
  if (areaM2 < 10_000) return `${Math.round(areaM2).toLocaleString("en")} m²`;
  return `${(areaM2 / 10_000).toLocaleString("en", { maximumFractionDigits: 2 })} ha`;
}
