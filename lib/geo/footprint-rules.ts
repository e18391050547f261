// The rules a site footprint must meet, applied by the new-site form while it
// is drawn or pasted and again by the server before it is stored: the same
// geometry rules as a change outline (size limits, structure, antimeridian,
// crossings, holes, area, overlapping parts). What only a change has (a pixel
// of its after scene, the site around it) is in lib/annotations/change-geometry-rules.ts.
import { validateAreaGeometry, type AreaCheckOptions, type AreaGeometryResult } from "./area-geometry";
import { findOverlappingParts } from "./part-overlaps";

/**
 * Checks a footprint and returns it rewound to RFC 7946 with its bbox and
 * geodesic area, or the first problem with a sentence a person understands and,
 * for crossings and overlaps, where they are.
 */
export function checkFootprint(input: unknown, options: AreaCheckOptions = {}): AreaGeometryResult {
  const result = validateAreaGeometry(input, options);
  if (!result.ok) return result;
  const overlaps = findOverlappingParts(result.geometry);
  const first = overlaps[0];
  if (first) {
    const more = overlaps.length > 1 ? ` (and ${overlaps.length - 1} more overlap${overlaps.length > 2 ? "s" : ""})` : "";
    return { ok: false, problem: "parts-overlap", message: `${first.message}${more}`, at: overlaps.map((o) => o.at), geometry: result.geometry };
  }
  return result;
}
