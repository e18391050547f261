// The rows of the published-change index (model PublishedChange) that one
// release gives, and the feature a row serves. Pure. The feature is kept as the
// OGC API serves it but for its citation URL, which is kept relative to the site
// root: the origin is the request's, added when a row is read.
import type { ReleaseSnapshot } from "../releases/release-snapshot";
import { geometryBbox } from "../geo/bbox";
import { changeFeature } from "./public-exports";
import type { ChangeFeature, IndexedChange } from "./public-ogc";

export interface PublishedChangeRow {
  changeId: string;
  siteId: string;
  releaseNumber: number;
  feature: string;
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
  startMs: number;
  endMs: number;
  detectedBy: string;
}

/** One row per change of the release (that of site `siteId`). */
export function publishedChangeRows({ siteId, snapshot }: { siteId: string; snapshot: ReleaseSnapshot }): PublishedChangeRow[] {
  return snapshot.changes.map((change) => {
    const feature = changeFeature({ snapshot, change, origin: "" });
    const [minLon, minLat, maxLon, maxLat] = geometryBbox(feature.geometry);
    return {
      changeId: change.id,
      siteId,
      releaseNumber: snapshot.release.number,
      feature: JSON.stringify(feature),
      minLon,
      minLat,
      maxLon,
      maxLat,
      startMs: Date.parse(change.detectedAfter),
      endMs: Date.parse(change.detectedBy),
      detectedBy: change.detectedBy,
    };
  });
}

/** The feature of a row's `feature` text as served under `origin` (absolute, no trailing slash). */
export function servedFeature({ feature, origin }: { feature: string; origin: string }): ChangeFeature {
  const f = JSON.parse(feature) as ChangeFeature;
  // Assigning keeps the property's place, so the JSON is the one built with the origin.
  f.properties.citation = `${origin}${f.properties.citation}`;
  return f;
}

/** A row as the in-memory form the OGC documents are built from. */
export function indexedChangeOfRow({
  row,
  origin,
}: {
  row: Pick<PublishedChangeRow, "feature" | "minLon" | "minLat" | "maxLon" | "maxLat" | "startMs" | "endMs">;
  origin: string;
}): IndexedChange {
  return { feature: servedFeature({ feature: row.feature, origin }), bbox: [row.minLon, row.minLat, row.maxLon, row.maxLat], start: row.startMs, end: row.endMs };
}
