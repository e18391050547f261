// The polygon an analyst is drawing, as data: its parts, an undo/redo history,
// and polygons imported from a GeoJSON file. Pure (no map library), so the
// drawing tools and the tests share it. Geometry is EPSG:4326 [lon, lat].
import type { Position } from "geojson";
import { checkAreaStructure, type AreaGeometry } from "./area-geometry";
import { GEOMETRY_LIMITS } from "./geometry-limits";

/** One polygon part: rings of positions, the first ring the outline, the rest holes. */
export type PartRings = Position[][];

export function partsOf(g: AreaGeometry | null): PartRings[] {
  if (!g) return [];
  return g.type === "Polygon" ? [g.coordinates] : g.coordinates;
}

/** A Polygon for one part, a MultiPolygon for several, null for none. */
export function fromParts(parts: PartRings[]): AreaGeometry | null {
  if (parts.length === 0) return null;
  if (parts.length === 1) return { type: "Polygon", coordinates: parts[0]! };
  return { type: "MultiPolygon", coordinates: parts };
}

/** `geometry` with one more part: none becomes a Polygon, a Polygon a MultiPolygon. */
export function addPart({ geometry, part }: { geometry: AreaGeometry | null; part: PartRings }): AreaGeometry {
  return fromParts([...partsOf(geometry), part])!;
}

/** `geometry` without its part number `index` (0-based); null when none is left. */
export function removePart({ geometry, index }: { geometry: AreaGeometry | null; index: number }): AreaGeometry | null {
  return fromParts(partsOf(geometry).filter((_, i) => i !== index));
}

/** Undo/redo over whole sketches: every step keeps the geometry it produced. */
export interface SketchHistory {
  past: (AreaGeometry | null)[];
  present: AreaGeometry | null;
  future: (AreaGeometry | null)[];
}

/** Undo steps kept; older ones are dropped. */
export const SKETCH_HISTORY_LIMIT = 100;

export function startSketch(present: AreaGeometry | null = null): SketchHistory {
  return { past: [], present, future: [] };
}

/** Records a new state; a redo branch is dropped, as in every editor. */
export function recordSketch({ history: h, next }: { history: SketchHistory; next: AreaGeometry | null }): SketchHistory {
  if (JSON.stringify(next) === JSON.stringify(h.present)) return h;
  return { past: [...h.past, h.present].slice(-SKETCH_HISTORY_LIMIT), present: next, future: [] };
}

export function undoSketch(h: SketchHistory): SketchHistory {
  if (h.past.length === 0) return h;
  return { past: h.past.slice(0, -1), present: h.past.at(-1)!, future: [h.present, ...h.future] };
}

export function redoSketch(h: SketchHistory): SketchHistory {
  if (h.future.length === 0) return h;
  return { past: [...h.past, h.present], present: h.future[0]!, future: h.future.slice(1) };
}

/** Largest number of polygon parts taken from one imported file: as many as a change may have (lib/geo/geometry-limits.ts). */
export const MAX_IMPORTED_PARTS = GEOMETRY_LIMITS.maxParts;

export type ImportResult = { ok: true; geometry: AreaGeometry; parts: number; skipped: number } | { ok: false; message: string };

/**
 * The polygons of a GeoJSON document (a geometry, a Feature or a
 * FeatureCollection), merged into one geometry of parts. Other geometry types
 * are skipped and counted; a `crs` member naming anything but WGS 84 is refused,
 * because RFC 7946 GeoJSON is [lon, lat] in WGS 84 and guessing would misplace it.
 */
export function polygonsFromGeoJson(doc: unknown): ImportResult {
  if (typeof doc !== "object" || doc === null) return { ok: false, message: "the file is not a GeoJSON object" };
  const crs = (doc as { crs?: { properties?: { name?: unknown } } }).crs;
  const crsName = crs?.properties?.name;
  if (crs && !(typeof crsName === "string" && /(CRS84|EPSG::?4326)$/i.test(crsName))) {
    return { ok: false, message: `the file declares the coordinate system ${JSON.stringify(crsName ?? crs)}; export it as WGS 84 (EPSG:4326) GeoJSON` };
  }
  const parts: PartRings[] = [];
  let skipped = 0;
  const visit = (node: unknown): void => {
    if (typeof node !== "object" || node === null) {
      skipped++;
      return;
    }
    const o = node as { type?: unknown; geometry?: unknown; features?: unknown; geometries?: unknown; coordinates?: unknown };
    if (o.type === "FeatureCollection" && Array.isArray(o.features)) return o.features.forEach(visit);
    if (o.type === "Feature") return visit(o.geometry);
    if (o.type === "GeometryCollection" && Array.isArray(o.geometries)) return o.geometries.forEach(visit);
    if (o.type === "Polygon" && Array.isArray(o.coordinates)) return void parts.push(o.coordinates as PartRings);
    if (o.type === "MultiPolygon" && Array.isArray(o.coordinates)) return void parts.push(...(o.coordinates as PartRings[]));
    skipped++;
  };
  const top = (doc as { type?: unknown }).type;
  if (!["FeatureCollection", "Feature", "GeometryCollection", "Polygon", "MultiPolygon", "Point", "MultiPoint", "LineString", "MultiLineString"].includes(String(top))) {
    return { ok: false, message: "the file is not GeoJSON: it has no FeatureCollection, Feature or geometry type" };
  }
  visit(doc);
  if (parts.length === 0) return { ok: false, message: `the file holds no polygons${skipped ? ` (${skipped} other feature${skipped > 1 ? "s" : ""} skipped)` : ""}` };
  if (parts.length > MAX_IMPORTED_PARTS) return { ok: false, message: `the file holds ${parts.length} polygons; at most ${MAX_IMPORTED_PARTS} can be imported as one change` };
  // Positions must be [lon, lat] numbers in range and rings closed: otherwise nothing can be drawn (crossings and the like are shown after import).
  const structure = checkAreaStructure(fromParts(parts));
  if (!structure.ok) return { ok: false, message: `its polygons cannot be read: ${structure.message}` };
  return { ok: true, geometry: structure.geometry, parts: parts.length, skipped };
}
