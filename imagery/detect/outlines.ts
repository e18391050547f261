// A component of the change mask as a GeoJSON Polygon: its traced outline and
// holes, simplified to about a pixel unless that makes rings cross or touch
// (then the pixel outline, which never does), vertices where two pixels meet
// at a corner moved apart so every ring is simple, projected, and wound as
// RFC 7946 asks (exterior anticlockwise, holes clockwise).
import type { Polygon, Position } from "geojson";
import type { Component } from "./components";
import { detouchRing, ringsCross, signedArea, simplifyRing, traceComponent, type Ring } from "./trace";

export const SIMPLIFY_PIXELS = 1;

/** `project` takes a ring in the mask's pixel-corner coordinates to lon/lat. */
export function componentPolygon(c: Component, project: (ring: Ring) => Position[]): Polygon {
  const traced = traceComponent(c);
  const simplified = [traced.outer, ...traced.holes].map((r) => detouchRing(simplifyRing(r, SIMPLIFY_PIXELS)));
  const [outerRing, ...holeRings] = ringsCross(simplified) === false ? simplified : [traced.outer, ...traced.holes].map((r) => detouchRing(r));
  const outer = project(outerRing!);
  if (signedArea(outer as Ring) < 0) outer.reverse();
  const holes = holeRings.map((hole) => {
    const ring = project(hole);
    if (signedArea(ring as Ring) > 0) ring.reverse();
    return ring;
  });
  return { type: "Polygon", coordinates: [outer, ...holes] };
}
