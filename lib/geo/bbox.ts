// The bounding box of any GeoJSON geometry's positions, [west, south, east, north] in degrees. Pure, dependency-free.
import type { Bbox } from "./area-geometry";

export function geometryBbox(geometry: { coordinates: unknown }): Bbox {
  const b: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === "number") {
      b[0] = Math.min(b[0], c[0] as number);
      b[1] = Math.min(b[1], c[1] as number);
      b[2] = Math.max(b[2], c[0] as number);
      b[3] = Math.max(b[3], c[1] as number);
    } else if (Array.isArray(c)) c.forEach(walk);
  };
  walk(geometry.coordinates);
  return b;
}
