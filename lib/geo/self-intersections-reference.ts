// The self-intersection check as it was before lib/geo/self-intersections.ts:
// Turf's kinks, every edge against every other (O(n²)). Kept only as the
// reference the property test and `npm run bench:geometry` compare the new
// check with; nothing in the app calls it.
import { kinks } from "@turf/kinks";
import type { Position } from "geojson";

/** Every point where one polygon's ring edges cross, as kinks reports them (repeats included). */
export function findRingCrossingsQuadratic(rings: Position[][]): [number, number][] {
  return kinks({ type: "Polygon", coordinates: rings }).features.map((f) => f.geometry.coordinates as [number, number]);
}
