// Parts of one outline that overlap each other: the area they share would be
// counted twice. One rule for change outlines and site footprints. Pure (Turf
// only), so the map's live checks and the server agree.
import { area, bbox as turfBbox, centroid, featureCollection, intersect, polygon as turfPolygon } from "@turf/turf";
import { polygonsOf, type AreaGeometry, type Bbox, type LonLat } from "./area-geometry";

/** Overlaps smaller than this are edges snapped onto each other, not real overlaps. */
export const PART_OVERLAP_TOLERANCE_M2 = 1;

export interface PartOverlap {
  /** The two parts, 1-based as people count them, first < second. */
  first: number;
  second: number;
  /** Geodesic square metres the two parts share. */
  sharedM2: number;
  /** [lon, lat] (EPSG:4326) in the shared area, to point at on the map. */
  at: LonLat;
  /** What to tell a person. */
  message: string;
}

/**
 * Every pair of parts of a MultiPolygon that share more than
 * PART_OVERLAP_TOLERANCE_M2 (pairs whose boxes do not meet are not overlaid).
 * A Polygon has none. Overlays Turf cannot compute (degenerate input) report nothing.
 */
export function findOverlappingParts(geometry: AreaGeometry): PartOverlap[] {
  const parts = polygonsOf(geometry);
  if (parts.length < 2) return [];
  const boxes = parts.map((rings) => turfBbox(turfPolygon(rings)) as Bbox);
  const found: PartOverlap[] = [];
  for (let i = 0; i < parts.length; i++) {
    for (let j = i + 1; j < parts.length; j++) {
      const [a, b] = [boxes[i]!, boxes[j]!];
      if (!(a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3])) continue;
      let common: ReturnType<typeof intersect> = null;
      try {
        common = intersect(featureCollection([turfPolygon(parts[i]!), turfPolygon(parts[j]!)]));
      } catch {
        continue;
      }
      const sharedM2 = common ? area(common) : 0;
      if (common && sharedM2 > PART_OVERLAP_TOLERANCE_M2) {
        found.push({
          first: i + 1,
          second: j + 1,
          sharedM2,
          at: centroid(common).geometry.coordinates as LonLat,
          message: `parts ${i + 1} and ${j + 1} overlap: merge them into one outline or move them apart`,
        });
      }
    }
  }
  return found;
}
