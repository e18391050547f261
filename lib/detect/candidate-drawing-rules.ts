// Candidates shaped to the drawing rules before they are proposed
// (lib/annotations/change-geometry-rules.ts): a ring smaller than one pixel of
// the after scene is refused there, so a candidate whose outline is smaller is
// not proposed, and its holes smaller than that are filled. Pure.
import { area, polygon as turfPolygon } from "@turf/turf";
import type { Feature, Polygon } from "geojson";
import { MIN_AREA_M2 } from "../geo/area-geometry";

export function fitCandidatesToDrawingRules<P>(features: Feature<Polygon, P>[], minRingAreaM2: number): Feature<Polygon, P>[] {
  const min = Math.max(MIN_AREA_M2, minRingAreaM2);
  const out: Feature<Polygon, P>[] = [];
  for (const f of features) {
    const [outline, ...holes] = f.geometry.coordinates;
    if (!outline || area(turfPolygon([outline])) < min) continue;
    const kept = holes.filter((h) => area(turfPolygon([h])) >= min);
    out.push(kept.length === holes.length ? f : { ...f, geometry: { type: "Polygon", coordinates: [outline, ...kept] } });
  }
  return out;
}
