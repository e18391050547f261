// How big an outline may be: corners per polygon, parts, corners in all. One
// definition for changes and site footprints, for the server and the map's live
// checks. The count reads array lengths only, so it runs before any check whose
// cost grows with the outline (structure, crossings, overlay) and refuses a
// huge body of coordinates at once. Pure: in the browser the environment is
// empty and the defaults apply (the server checks again with its own).

export interface GeometryLimits {
  /** Corners in one polygon (one part of a MultiPolygon), outline and holes together; a ring's closing position is not a corner. */
  maxVerticesPerPolygon: number;
  /** Parts of a MultiPolygon. */
  maxParts: number;
  /** Corners in the whole geometry, every part together. */
  maxVertices: number;
}

/** Generous for real work: a hand-drawn or traced outline has tens to a few thousand corners. */
export const DEFAULT_GEOMETRY_LIMITS: Readonly<GeometryLimits> = Object.freeze({ maxVerticesPerPolygon: 10_000, maxParts: 500, maxVertices: 50_000 });

const ENV_NAMES: Record<keyof GeometryLimits, string> = {
  maxVerticesPerPolygon: "SITEWATCH_MAX_POLYGON_VERTICES",
  maxParts: "SITEWATCH_MAX_GEOMETRY_PARTS",
  maxVertices: "SITEWATCH_MAX_GEOMETRY_VERTICES",
};

/** The limits from environment variables (SITEWATCH_MAX_POLYGON_VERTICES, SITEWATCH_MAX_GEOMETRY_PARTS, SITEWATCH_MAX_GEOMETRY_VERTICES), defaults where unset. */
export function readGeometryLimits(env: Record<string, string | undefined>): GeometryLimits {
  const limits = { ...DEFAULT_GEOMETRY_LIMITS };
  for (const key of Object.keys(ENV_NAMES) as (keyof GeometryLimits)[]) {
    const raw = env[ENV_NAMES[key]]?.trim();
    if (!raw) continue;
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${ENV_NAMES[key]} must be a whole number of at least 1, got "${raw}"`);
    limits[key] = value;
  }
  return limits;
}

function environment(): Record<string, string | undefined> {
  // In the browser there is no process (or an empty one): the defaults.
  return typeof process !== "undefined" && process.env ? process.env : {};
}

/** The limits in force, read once. */
export const GEOMETRY_LIMITS: Readonly<GeometryLimits> = Object.freeze(readGeometryLimits(environment()));

export type GeometryLimitProblem = "too-many-parts" | "too-many-vertices";

const count = (n: number) => n.toLocaleString("en");

/** Corners of a ring: its positions less the closing one. Anything not an array counts nothing (the structure check names it). */
function cornersOf(ring: unknown): number {
  return Array.isArray(ring) ? Math.max(0, ring.length - 1) : 0;
}

/**
 * The first limit a Polygon or MultiPolygon goes over, with a sentence a person
 * understands, or null. Reads only array lengths (parts, rings, positions), so
 * it costs nothing next to the checks it protects; anything malformed is left
 * to the structure check.
 */
export function geometryLimitProblem(input: unknown, limits: GeometryLimits = GEOMETRY_LIMITS): { problem: GeometryLimitProblem; message: string } | null {
  if (typeof input !== "object" || input === null) return null;
  const { type, coordinates } = input as { type?: unknown; coordinates?: unknown };
  if ((type !== "Polygon" && type !== "MultiPolygon") || !Array.isArray(coordinates)) return null;
  const multi = type === "MultiPolygon";
  if (multi && coordinates.length > limits.maxParts) {
    return {
      problem: "too-many-parts",
      message: `this outline has ${count(coordinates.length)} parts; at most ${count(limits.maxParts)} are allowed — merge some, or split it into several`,
    };
  }
  const parts = (multi ? coordinates : [coordinates]) as unknown[];
  let total = 0;
  for (const [p, rings] of parts.entries()) {
    let corners = 0;
    if (Array.isArray(rings)) for (const ring of rings) corners += cornersOf(ring);
    if (corners > limits.maxVerticesPerPolygon) {
      const what = multi ? `part ${p + 1} of this outline has` : "this outline has";
      return {
        problem: "too-many-vertices",
        message: `${what} ${count(corners)} corners; at most ${count(limits.maxVerticesPerPolygon)} are allowed${multi ? " in one part" : ""} — simplify it`,
      };
    }
    total += corners;
  }
  if (total > limits.maxVertices) {
    return {
      problem: "too-many-vertices",
      message: `this outline has ${count(total)} corners in all its parts; at most ${count(limits.maxVertices)} are allowed — simplify it or leave some parts out`,
    };
  }
  return null;
}
