// The OGC collection's extent from the published-change index: the union of the
// changes' bboxes and the span of their detection windows.
import { db } from "../db.server";
import type { ChangesExtent } from "./public-ogc";

export async function publishedChangesExtent(): Promise<ChangesExtent | null> {
  const a = await db.publishedChange.aggregate({ _count: { _all: true }, _min: { minLon: true, minLat: true, startMs: true }, _max: { maxLon: true, maxLat: true, endMs: true } });
  if (!a._count._all) return null;
  return { bbox: [a._min.minLon!, a._min.minLat!, a._max.maxLon!, a._max.maxLat!], start: a._min.startMs!, end: a._max.endMs! };
}
