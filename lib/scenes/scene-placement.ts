// Whether a scene's footprint meets its site's, and how far apart they are when
// not: a scene that lands away from its site is almost always a georeferencing
// mistake (a wrong CRS, swapped axes, a file for another site), so an upload is
// refused with the distance unless the analyst confirms it (lib/scenes/accept-scene-upload.server.ts).
// Pure: the upload form shows the same message the server sends.
import { booleanIntersects, distance, nearestPointOnLine, point } from "@turf/turf";
import type { Position } from "geojson";
import { formatDistance } from "../format";
import { polygonsOf, type AreaGeometry } from "../geo/area-geometry";

export interface ScenePlacement {
  overlaps: boolean;
  /** Geodesic distance in metres between the nearest points of the two outlines; 0 when they overlap. */
  distanceM: number;
}

const rings = (g: AreaGeometry): Position[][] => polygonsOf(g).flat();

/** The shortest geodesic distance from any vertex of `from` to the outline of `to` (metres). */
function vertexToOutline(from: AreaGeometry, to: AreaGeometry): number {
  let best = Infinity;
  const lines = rings(to).map((r) => ({ type: "LineString" as const, coordinates: r }));
  for (const ring of rings(from)) {
    for (const v of ring) {
      for (const line of lines) {
        const nearest = nearestPointOnLine(line, point(v as [number, number]), { units: "meters" });
        best = Math.min(best, nearest.properties.dist ?? distance(v as [number, number], nearest.geometry.coordinates as [number, number], { units: "meters" }));
      }
    }
  }
  return best;
}

export function scenePlacement({ scene, site }: { scene: AreaGeometry; site: AreaGeometry }): ScenePlacement {
  if (booleanIntersects(scene, site)) return { overlaps: true, distanceM: 0 };
  return { overlaps: false, distanceM: Math.min(vertexToOutline(scene, site), vertexToOutline(site, scene)) };
}

export function offSiteMessage({ filename, siteName, distanceM }: { filename: string; siteName: string; distanceM: number }): string {
  return `${filename} does not overlap the site "${siteName}": its footprint lies ${formatDistance(distanceM)} from the site's. Check the file's coordinate system; if the scene does belong to this site, confirm it ("Upload anyway", or sitewatch ingest --off-site)`;
}
