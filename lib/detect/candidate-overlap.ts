// How much two outlines overlap, for matching candidates across runs and with
// recorded changes. Pure (Turf).
import { area, featureCollection, intersect, polygon, union } from "@turf/turf";
import type { Polygon } from "geojson";
import type { Bbox } from "../geo/area-geometry";

/** A new candidate this like a decided one (intersection over union) is the same candidate: it is not proposed again. */
export const SAME_CANDIDATE_IOU = 0.5;

/** Intersection over union of two polygons (EPSG:4326), by geodesic areas; 0 when they do not meet. */
export function iou(args: { a: Polygon; b: Polygon }): number {
  const pa = polygon(args.a.coordinates);
  const pb = polygon(args.b.coordinates);
  const i = intersect(featureCollection([pa, pb]));
  if (!i) return 0;
  const u = union(featureCollection([pa, pb]));
  return u ? area(i) / area(u) : 0;
}

/** Whether a bbox meets a row's stored bbox columns. */
export function bboxesMeet(args: { bbox: Bbox; row: { bboxMinLon: number; bboxMinLat: number; bboxMaxLon: number; bboxMaxLat: number } }): boolean {
  const { bbox: a, row: c } = args;
  return a[0] <= c.bboxMaxLon && c.bboxMinLon <= a[2] && a[1] <= c.bboxMaxLat && c.bboxMinLat <= a[3];
}
