// Growing an area by a margin in metres (the site footprint plus the margin a
// change may reach beyond it). Server side only: Turf's buffer brings JSTS,
// far too heavy for the browser, which receives the grown area as data.
import { buffer } from "@turf/turf";
import type { Feature, MultiPolygon, Polygon } from "geojson";
import type { AreaGeometry } from "./area-geometry";

/** Recently grown areas: every change written on a site needs the same one, and buffering costs milliseconds. */
const grown = new Map<string, AreaGeometry>();
const CACHE_SIZE = 64;

/** `geometry` grown outward by `marginM` metres (a local azimuthal projection, so metres are true near the site). */
export function growArea({ geometry, marginM }: { geometry: AreaGeometry; marginM: number }): AreaGeometry {
  if (!(marginM > 0)) return geometry;
  const key = `${marginM}:${JSON.stringify(geometry)}`;
  const hit = grown.get(key);
  if (hit) return hit;
  const feature = buffer({ type: "Feature", properties: {}, geometry } as Feature<Polygon | MultiPolygon>, marginM, { units: "meters", steps: 16 });
  const result = (feature?.geometry as AreaGeometry | undefined) ?? geometry;
  if (grown.size >= CACHE_SIZE) grown.delete(grown.keys().next().value!);
  grown.set(key, result);
  return result;
}
