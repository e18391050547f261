// The rules a change polygon must meet, applied while the analyst draws (live,
// in the browser) and again by the server before anything is stored: one pure
// module, so both always agree. Turf only; no database, no map library.
import { area, booleanPointInPolygon, bbox as turfBbox, centroid, difference, featureCollection, intersect, polygon as turfPolygon } from "@turf/turf";
import type { Feature, MultiPolygon, Polygon } from "geojson";
import type { GeometryLimits } from "../geo/geometry-limits";
import { formatArea, MIN_AREA_M2, polygonsOf, validateAreaGeometry, type AreaGeometry, type Bbox, type GeometryProblem, type LonLat } from "../geo/area-geometry";
import { growArea } from "../geo/grow-area";
import { findOverlappingParts } from "../geo/part-overlaps";
import { ringsMeet } from "../geo/self-intersections";
import { statusLabel } from "./taxonomy";
import { formatDistance } from "../format";

export type ChangeGeometryIssueCode = GeometryProblem | "ring-too-small" | "parts-overlap" | "outside-footprint" | "overlaps-change";

export interface ChangeGeometryIssue {
  code: ChangeGeometryIssueCode;
  /** Errors block saving; warnings are shown and saved with the change. */
  severity: "error" | "warning";
  message: string;
  /** Where on the map to point, [lon, lat] (EPSG:4326); may be empty. */
  at: LonLat[];
  /** For overlaps-change: the other change. */
  otherId?: string;
}

export interface ChangeGeometryContext {
  /**
   * Where a change may lie: the site footprint grown by the configured margin
   * (allowedAreaOf). EPSG:4326, RFC 7946 winding.
   */
  allowedArea: AreaGeometry;
  /** The margin in metres, for messages. */
  footprintBufferM: number;
  /** Smallest area of any ring (exterior or hole), in square metres. */
  minRingAreaM2: number;
  /** Other live changes drawn between the same two scenes (the caller leaves out rejected and retracted ones, and this change itself). */
  sameWindow: { id: string; label: string; geometry: AreaGeometry }[];
}

/** Where a site's changes may lie: its footprint (EPSG:4326) grown by the margin in metres. */
export function allowedAreaOf(args: { footprint: AreaGeometry; footprintBufferM: number }): AreaGeometry {
  return growArea({ geometry: args.footprint, marginM: args.footprintBufferM });
}

/** Another live change of the same window, as the overlap warning names it. */
export interface OtherChange {
  id: string;
  status: string;
  typeLabel: string;
  authorName: string;
  geometry: AreaGeometry;
}

/**
 * The rules' context from what the server and the drawing page both know: where changes may lie, the after
 * scene's mean pixel area in square metres (the smallest ring it can show) and the other live changes of the
 * window (the caller selects them with isLiveInWindow or liveInWindowWhere, leaving out the change itself).
 */
export function geometryContextOf(args: {
  allowedArea: AreaGeometry;
  footprintBufferM: number;
  afterScenePixelAreaM2: number | null | undefined;
  others: OtherChange[];
}): ChangeGeometryContext {
  return {
    allowedArea: args.allowedArea,
    footprintBufferM: args.footprintBufferM,
    minRingAreaM2: minRingAreaForScene(args.afterScenePixelAreaM2),
    sameWindow: args.others.map((o) => ({ id: o.id, label: describeOtherChange(o), geometry: o.geometry })),
  };
}

export interface ChangeGeometryCheck {
  /** True when there is no error (warnings allowed). */
  ok: boolean;
  /** The geometry rewound to RFC 7946, when it is well-formed enough to have one. */
  geometry: AreaGeometry | null;
  bbox: Bbox | null;
  /** Geodesic square metres (shown live even while there are errors). */
  areaM2: number | null;
  errors: ChangeGeometryIssue[];
  warnings: ChangeGeometryIssue[];
}

/** Outside area ignored as snapping or floating-point noise along the allowed area's edge. */
const OUTSIDE_TOLERANCE_M2 = 0.5;
/** Overlaps smaller than this are edges snapped onto each other, not real overlaps. */
const OVERLAP_TOLERANCE_M2 = 1;
/** At most this many overlapping changes are named (checking stops there). */
const MAX_OVERLAPS_REPORTED = 5;

/** Square metres covered by one pixel of a scene, from its footprint and size (mean over the image). */
export function scenePixelAreaM2(scene: { footprint: AreaGeometry; width: number; height: number }): number {
  return area(scene.footprint) / Math.max(1, scene.width * scene.height);
}

/** The smallest ring allowed on a scene: one pixel of it (a smaller shape cannot be seen there), never under 1 m². */
export function minRingAreaForScene(pixelAreaM2: number | null | undefined): number {
  return Math.max(MIN_AREA_M2, pixelAreaM2 ?? 0);
}

function asFeature(g: AreaGeometry): Feature<Polygon | MultiPolygon> {
  return { type: "Feature", properties: {}, geometry: g };
}

function lonLatOf(f: Feature<Polygon | MultiPolygon>): LonLat {
  return centroid(f).geometry.coordinates as LonLat;
}

function bboxesOverlap(a: Bbox, b: Bbox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/** Turf's overlay can throw on degenerate input; a check that cannot run reports nothing rather than crash the page. */
function safely<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch {
    return null;
  }
}

/**
 * Checks a change geometry against the rules it shares with site footprints
 * (lib/geo: size limits counted first, structure, antimeridian, crossings, holes,
 * overlapping parts), ring size, the site's allowed area, and other changes of the same
 * detection window (a warning). Returns every problem found, each with where it is.
 */
export function checkChangeGeometry({ input, ctx, limits }: { input: unknown; ctx: ChangeGeometryContext; limits?: GeometryLimits }): ChangeGeometryCheck {
  const base = validateAreaGeometry(input, { limits });
  if (!base.ok && base.problem !== "self-intersection" && base.problem !== "zero-area" && base.problem !== "hole-outside-outline") {
    return { ok: false, geometry: null, bbox: null, areaM2: null, errors: [{ code: base.problem, severity: "error", message: base.message, at: [] }], warnings: [] };
  }
  const errors: ChangeGeometryIssue[] = [];
  const warnings: ChangeGeometryIssue[] = [];
  if (!base.ok && (base.problem === "self-intersection" || base.problem === "hole-outside-outline")) {
    // Shown on the map, with the place marked, while it is fixed; no area until then (it would be wrong).
    const g = base.geometry!;
    errors.push({ code: base.problem, severity: "error", message: base.message, at: base.at ?? [] });
    return { ok: false, geometry: g, bbox: turfBbox(g) as Bbox, areaM2: null, errors, warnings };
  }
  // Zero-area geometries still get ring-by-ring messages below, which say more.
  const geometry = base.ok ? base.geometry : (validateAreaGeometryLoose(input) as AreaGeometry);
  const areaM2 = area(geometry);
  const bbox = turfBbox(geometry) as Bbox;
  const minRing = Math.max(MIN_AREA_M2, ctx.minRingAreaM2);
  const parts = polygonsOf(geometry);

  for (const [p, rings] of parts.entries()) {
    for (const [r, ring] of rings.entries()) {
      const ringArea = area(turfPolygon([ring]));
      if (ringArea < minRing) {
        const what = `${geometry.type === "MultiPolygon" ? `part ${p + 1}, ` : ""}${r === 0 ? "outline" : `hole ${r}`}`;
        const at = safely(() => lonLatOf(asFeature({ type: "Polygon", coordinates: [ring] })));
        errors.push({
          code: "ring-too-small",
          severity: "error",
          message: `${what} covers ${formatArea(ringArea)}; the smallest allowed is ${formatArea(minRing)} (one pixel of the after scene)`,
          at: at ? [at] : [],
        });
      }
    }
  }

  // The same rule as a site footprint's (lib/geo/part-overlaps.ts).
  for (const overlap of findOverlappingParts(geometry)) {
    errors.push({ code: "parts-overlap", severity: "error", message: overlap.message, at: [overlap.at] });
  }

  const outside = liesInside({ geometry, allowed: ctx.allowedArea }) ? null : safely(() => difference(featureCollection([asFeature(geometry), asFeature(ctx.allowedArea)])));
  const outsideM2 = outside ? area(outside) : 0;
  if (outside && outsideM2 > OUTSIDE_TOLERANCE_M2) {
    const margin = ctx.footprintBufferM > 0 ? ` and its ${formatDistance(ctx.footprintBufferM)} margin` : "";
    const pieces = outside.geometry.type === "Polygon" ? [outside.geometry.coordinates] : outside.geometry.coordinates;
    errors.push({
      code: "outside-footprint",
      severity: "error",
      message: `${formatArea(outsideM2)} of this change lies outside the site footprint${margin}`,
      at: pieces.slice(0, 5).map((rings) => lonLatOf(turfPolygon(rings))),
    });
  }

  for (const other of ctx.sameWindow) {
    if (warnings.length >= MAX_OVERLAPS_REPORTED) break;
    if (!bboxesOverlap(bbox, turfBbox(other.geometry) as Bbox)) continue;
    const common = safely(() => intersect(featureCollection([asFeature(geometry), asFeature(other.geometry)])));
    const commonM2 = common ? area(common) : 0;
    if (common && commonM2 > OVERLAP_TOLERANCE_M2) {
      warnings.push({
        code: "overlaps-change",
        severity: "warning",
        message: `overlaps ${other.label} (same two scenes) by ${formatArea(commonM2)}: is it the same change?`,
        at: [lonLatOf(common)],
        otherId: other.id,
      });
    }
  }

  return { ok: errors.length === 0, geometry, bbox, areaM2, errors, warnings };
}

/**
 * Whether `geometry` surely lies inside `allowed` (both well-formed, the geometry
 * without crossings): no edge of its outlines meets the area's boundary, one
 * corner of each outline is inside, and the area has no holes (a part could
 * surround one). Then nothing lies outside and the overlay, half a second for
 * a 10,000-corner outline, is not needed; when unsure it answers false.
 */
function liesInside({ geometry, allowed }: { geometry: AreaGeometry; allowed: AreaGeometry }): boolean {
  const areaParts = polygonsOf(allowed);
  if (areaParts.some((rings) => rings.length > 1)) return false;
  const outlines = polygonsOf(geometry).map((rings) => rings[0]!);
  if (ringsMeet({ a: outlines, b: areaParts.map((rings) => rings[0]!) })) return false;
  return outlines.every((ring) => booleanPointInPolygon(ring[0]!, allowed));
}

/** The input as a geometry without the area rule (it passed every structural check). */
function validateAreaGeometryLoose(input: unknown): AreaGeometry {
  const { type, coordinates } = input as AreaGeometry;
  return { type, coordinates } as AreaGeometry;
}

/** How an overlapping change is named in a warning: "the draft change “construction” #a1b2c3 by Ana Analyst" (the id's end tells two alike apart). */
export function describeOtherChange(c: { id: string; status: string; typeLabel: string; authorName: string }): string {
  return `the ${statusLabel(c.status)} change “${c.typeLabel}” #${c.id.slice(-6)} by ${c.authorName}`;
}

/** One sentence for an error response or a form: the first error, and how many more. */
export function summariseIssues(issues: ChangeGeometryIssue[]): string {
  const [first, ...rest] = issues;
  if (!first) return "";
  return `${first.message}${rest.length ? ` (and ${rest.length} more problem${rest.length > 1 ? "s" : ""})` : ""}`;
}
