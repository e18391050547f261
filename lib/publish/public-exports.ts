// The published changes of one release as data to take away: an RFC 7946
// FeatureCollection and a CSV with a WKT geometry column. The same flat
// properties feed OGC API – Features. Pure: built from a release snapshot.
// Every property is documented in the README ("Data out").
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from "geojson";
import type { PublicChange, ReleaseSnapshot } from "../releases/release-snapshot";

export interface ChangeProperties extends Pick<
  PublicChange,
  | "id"
  | "revision"
  | "changeType"
  | "changeTypeLabel"
  | "damageGrade"
  | "confidence"
  | "description"
  | "areaM2"
  | "detectedAfter"
  | "detectedBy"
  | "beforeSceneId"
  | "afterSceneId"
  | "analyst"
  | "firstPublishedIn"
  | "revisedIn"
  | "sources"
> {
  site: string;
  siteName: string;
  release: number;
  releasedAt: string;
  /** The two scenes' dates, sensors, attributions and licences, as text. */
  imagery: string;
  revisedBy: string | null;
  /** Reviewers, "; "-separated. */
  reviewers: string;
  sourceUrls: string;
  sourceArchiveUrls: string;
  citation: string;
}

/** Where a release is read for ever, relative to the site root. */
export function releasePath({ slug, releaseNumber }: { slug: string; releaseNumber: number }): string {
  return `/sites/${slug}/releases/${releaseNumber}`;
}

/** A release's own JSON document (site, scenes, every change, history up to it): immutable, so cached for ever. */
export function releaseDocumentPath({ slug, releaseNumber }: { slug: string; releaseNumber: number }): string {
  return `/api/public/sites/${encodeURIComponent(slug)}?release=${releaseNumber}`;
}

/** Where the public reads an image chip of a release's claim (lib/evidence/get-public-chip.server.ts). */
export function chipPath({ slug, releaseNumber, sha256 }: { slug: string; releaseNumber: number; sha256: string }): string {
  return `/api/public/sites/${encodeURIComponent(slug)}/chips/${sha256}.png?release=${releaseNumber}`;
}

/** The flat properties of one change of the release; `origin` (absolute, no trailing slash) makes the citation URL. */
export function changeProperties({ snapshot, change: c, origin }: { snapshot: ReleaseSnapshot; change: PublicChange; origin: string }): ChangeProperties {
  const scenes = new Map(snapshot.scenes.map((s) => [s.id, s]));
  const credit = (id: string) => {
    const s = scenes.get(id);
    return s ? `${s.acquiredAt.slice(0, 10)} ${s.sensor || "unknown sensor"} (${s.attribution}; ${s.license}${s.synthetic ? "; synthetic" : ""})` : id;
  };
  return {
    id: c.id,
    revision: c.revision,
    site: snapshot.site.slug,
    siteName: snapshot.site.name,
    release: snapshot.release.number,
    releasedAt: snapshot.release.publishedAt,
    changeType: c.changeType,
    changeTypeLabel: c.changeTypeLabel,
    damageGrade: c.damageGrade,
    confidence: c.confidence,
    description: c.description,
    areaM2: Math.round(c.areaM2 * 10) / 10,
    detectedAfter: c.detectedAfter,
    detectedBy: c.detectedBy,
    beforeSceneId: c.beforeSceneId,
    afterSceneId: c.afterSceneId,
    imagery: `before: ${credit(c.beforeSceneId)}; after: ${credit(c.afterSceneId)}`,
    analyst: c.analyst,
    revisedBy: c.revisedBy ?? null,
    reviewers: c.reviewers.join("; "),
    firstPublishedIn: c.firstPublishedIn,
    revisedIn: c.revisedIn,
    sourceUrls: c.sources.map((s) => s.url).join(" "),
    sourceArchiveUrls: c.sources
      .map((s) => s.archiveUrl ?? "")
      .filter(Boolean)
      .join(" "),
    sources: c.sources,
    citation: `${origin}${releasePath({ slug: snapshot.site.slug, releaseNumber: snapshot.release.number })}#change-${c.id}`,
  };
}

export function changeFeature({
  snapshot,
  change,
  origin,
}: {
  snapshot: ReleaseSnapshot;
  change: PublicChange;
  origin: string;
}): Feature<Polygon | MultiPolygon, ChangeProperties> {
  return { type: "Feature", id: change.id, geometry: change.geometry, properties: changeProperties({ snapshot, change, origin }) };
}

export function changesFeatureCollection({ snapshot, origin }: { snapshot: ReleaseSnapshot; origin: string }): FeatureCollection<Polygon | MultiPolygon, ChangeProperties> {
  return { type: "FeatureCollection", features: snapshot.changes.map((change) => changeFeature({ snapshot, change, origin })) };
}

// --- CSV ---------------------------------------------------------------------

const num = (n: number) => String(Math.round(n * 1e7) / 1e7);
const ring = (r: Position[]) => `(${r.map((p) => `${num(p[0]!)} ${num(p[1]!)}`).join(", ")})`;
const polygon = (p: Position[][]) => `(${p.map(ring).join(", ")})`;

/** WKT of a GeoJSON polygon or multipolygon (lon lat order, as EPSG:4326 WKT in GIS tools reads it with CRS84 axis order). */
export function toWkt(g: Polygon | MultiPolygon): string {
  return g.type === "Polygon" ? `POLYGON ${polygon(g.coordinates)}` : `MULTIPOLYGON (${g.coordinates.map(polygon).join(", ")})`;
}

/** RFC 4180 quoting; text that a spreadsheet would run as a formula gets a leading apostrophe. */
function csvCell(v: unknown, text: boolean): string {
  let s = v === null || v === undefined ? "" : String(v);
  if (text && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CSV_COLUMNS = [
  "id",
  "revision",
  "site",
  "release",
  "changeType",
  "changeTypeLabel",
  "damageGrade",
  "confidence",
  "detectedAfter",
  "detectedBy",
  "areaM2",
  "description",
  "imagery",
  "analyst",
  "revisedBy",
  "reviewers",
  "firstPublishedIn",
  "revisedIn",
  "sourceUrls",
  "sourceArchiveUrls",
  "citation",
  "wkt",
] as const;

const NUMERIC = new Set(["revision", "release", "areaM2", "firstPublishedIn", "revisedIn"]);

/** One row per change; geometry as WKT in the last column. CRLF line ends, UTF-8. */
export function changesCsv({ snapshot, origin }: { snapshot: ReleaseSnapshot; origin: string }): string {
  const rows = [CSV_COLUMNS.join(",")];
  for (const c of snapshot.changes) {
    const p = changeProperties({ snapshot, change: c, origin }) as unknown as Record<string, unknown>;
    rows.push(CSV_COLUMNS.map((k) => (k === "wkt" ? csvCell(toWkt(c.geometry), false) : csvCell(p[k], !NUMERIC.has(k)))).join(","));
  }
  return `${rows.join("\r\n")}\r\n`;
}
