// OGC API – Features Part 1 (Core, GeoJSON) over the published changes of
// every site's latest release: one collection, `changes`. Query parsing,
// filtering and the documents are pure. The routes in app/ogc read the
// published-change index (lib/publish/published-change*.ts), which gives the
// same answers as filtering the latest snapshots here in memory.
import { booleanIntersects, bboxPolygon } from "@turf/turf";
import type { Feature, MultiPolygon, Polygon } from "geojson";
import { z } from "zod";
import { parseIsoDateTime } from "../dates";
import { DomainError } from "../errors";
import { geometryBbox } from "../geo/bbox";
import type { ReleaseSnapshot } from "../releases/release-snapshot";
import { changeFeature, type ChangeProperties } from "./public-exports";

export const CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
export const CONFORMANCE = [
  "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
  "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
  "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
];
export const COLLECTION_ID = "changes";
export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 1000;

type Link = { href: string; rel: string; type: string; title?: string };
export type ChangeFeature = Feature<Polygon | MultiPolygon, ChangeProperties>;

export interface IndexedChange {
  feature: ChangeFeature;
  bbox: [number, number, number, number];
  start: number;
  end: number;
}

/** Code-point order, as SQLite's BINARY and PostgreSQL's "C" collation sort text (localeCompare would depend on the locale). */
export const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Every change of the snapshots as a feature (citations under `origin`), sorted by detection date then id, with its bbox and window (ms). */
export function indexChanges({ snapshots, origin }: { snapshots: ReleaseSnapshot[]; origin: string }): IndexedChange[] {
  return snapshots
    .flatMap((snapshot) => snapshot.changes.map((change) => changeFeature({ snapshot, change, origin })))
    .sort((a, b) => byCodePoint(a.properties.detectedBy, b.properties.detectedBy) || byCodePoint(String(a.id), String(b.id)))
    .map((feature) => ({ feature, bbox: geometryBbox(feature.geometry), start: Date.parse(feature.properties.detectedAfter), end: Date.parse(feature.properties.detectedBy) }));
}

// --- query -------------------------------------------------------------------

/** One end of a `datetime` interval: a date (the whole day), a date-time, or ".."/"" for open; strictly (lib/dates.ts). */
const instant = (s: string, bound: "start" | "end"): number => {
  if (s === "" || s === "..") return bound === "start" ? -Infinity : Infinity;
  const parsed = parseIsoDateTime(s, { bound });
  if (!parsed.ok) throw new DomainError("bad_input", `datetime: ${parsed.problem}; use an RFC 3339 date-time (e.g. 2024-05-31T00:00:00Z), a date, or ".."`);
  return parsed.date.getTime();
};

export const ItemsQuery = z
  .object({
    limit: z.coerce
      .number({ message: "limit must be a number" })
      .int("limit must be a whole number")
      .min(1, "limit must be at least 1")
      .max(MAX_LIMIT, `limit can be at most ${MAX_LIMIT}`)
      .default(DEFAULT_LIMIT),
    offset: z.coerce.number({ message: "offset must be a number" }).int("offset must be a whole number").min(0, "offset cannot be negative").default(0),
    bbox: z
      .string()
      .transform((s, ctx) => {
        const n = s.split(",").map((v) => Number(v.trim()));
        if (!(n.length === 4 || n.length === 6) || n.some((v) => !Number.isFinite(v))) {
          ctx.addIssue({ code: "custom", message: "bbox is four numbers: west,south,east,north (degrees, CRS84)" });
          return z.NEVER;
        }
        const [w, s2, e, nn] = n.length === 6 ? [n[0]!, n[1]!, n[3]!, n[4]!] : (n as [number, number, number, number]);
        if (s2 > nn || s2 < -90 || nn > 90 || w < -180 || e > 180) {
          ctx.addIssue({ code: "custom", message: "bbox: south must not exceed north, and longitudes stay within ±180, latitudes within ±90" });
          return z.NEVER;
        }
        return [w, s2, e, nn] as [number, number, number, number];
      })
      .optional(),
    "bbox-crs": z.literal(CRS84, { message: `bbox-crs: only ${CRS84} is supported` }).optional(),
    datetime: z
      .string()
      .transform((s) => {
        if (!s.includes("/")) {
          const t = instant(s, "start");
          return { start: t, end: /^\d{4}-\d{2}-\d{2}$/.test(s) ? instant(s, "end") : t };
        }
        const [a = "", b = ""] = s.split("/");
        const start = instant(a, "start");
        const end = instant(b, "end");
        if (start > end) throw new DomainError("bad_input", "datetime: the interval ends before it starts");
        return { start, end };
      })
      .optional(),
    f: z.enum(["json", "geojson"], { message: "f: only json is offered" }).optional(),
  })
  .passthrough();
export type ItemsQuery = z.output<typeof ItemsQuery>;

type Box = [number, number, number, number];

/** The query bbox as boxes: one, or two when west > east (it crosses the antimeridian). */
export function queryBoxes(bbox: Box): Box[] {
  return bbox[0] <= bbox[2]
    ? [bbox]
    : [
        [bbox[0], bbox[1], 180, bbox[3]],
        [-180, bbox[1], bbox[2], bbox[3]],
      ];
}

const overlaps = (a: Box, b: Box) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
/** A geometry whose bbox lies inside a box intersects it: no need to look at the geometry. */
const bboxInside = (inner: Box, box: Box) => box[0] <= inner[0] && inner[2] <= box[2] && box[1] <= inner[1] && inner[3] <= box[3];

/** Whether a change's geometry (bbox `bbox`; `feature()` read only if needed) intersects one of the boxes. */
export function intersectsBoxes({ bbox, feature, boxes }: { bbox: Box; feature: () => ChangeFeature; boxes: Box[] }): boolean {
  return boxes.some((b) => overlaps(bbox, b) && (bboxInside(bbox, b) || booleanIntersects(bboxPolygon(b), feature())));
}

/** The items inside the query's bbox whose detection window overlaps its datetime. */
export function filterChanges({ items, query: q }: { items: IndexedChange[]; query: ItemsQuery }): IndexedChange[] {
  const boxes = q.bbox ? queryBoxes(q.bbox) : null;
  return items.filter(
    (i) => (!boxes || intersectsBoxes({ bbox: i.bbox, feature: () => i.feature, boxes })) && (!q.datetime || (i.start <= q.datetime.end && i.end >= q.datetime.start)),
  );
}

// --- documents ----------------------------------------------------------------

export function landingPage(origin: string): Record<string, unknown> {
  const o = `${origin}/ogc`;
  return {
    title: "Sitewatch: published changes",
    description:
      "Changes seen on dated satellite imagery, each reviewed before publication; the latest release of every published site. Dates are detection windows: the change happened between the two image dates.",
    links: [
      { href: o, rel: "self", type: "application/json", title: "This document" },
      { href: `${o}/api`, rel: "service-desc", type: "application/vnd.oai.openapi+json;version=3.0", title: "The API definition" },
      { href: `${origin}/about`, rel: "service-doc", type: "text/html", title: "What the data means (methodology and glossary)" },
      { href: `${o}/conformance`, rel: "conformance", type: "application/json", title: "Conformance classes" },
      { href: `${o}/collections`, rel: "data", type: "application/json", title: "Collections" },
    ] satisfies Link[],
  };
}

/** The collection's extent: the bboxes' union and the detection windows' span (ms); null without any change. */
export interface ChangesExtent {
  bbox: Box;
  start: number;
  end: number;
}

export function changesExtent(items: IndexedChange[]): ChangesExtent | null {
  if (!items.length) return null;
  return items.reduce<ChangesExtent>(
    (x, i) => ({
      bbox: [Math.min(x.bbox[0], i.bbox[0]), Math.min(x.bbox[1], i.bbox[1]), Math.max(x.bbox[2], i.bbox[2]), Math.max(x.bbox[3], i.bbox[3])],
      start: Math.min(x.start, i.start),
      end: Math.max(x.end, i.end),
    }),
    { bbox: [180, 90, -180, -90], start: Infinity, end: -Infinity },
  );
}

export function collectionDoc({ origin, extent }: { origin: string; extent: ChangesExtent | null }): Record<string, unknown> {
  const o = `${origin}/ogc/collections/${COLLECTION_ID}`;
  const bbox = extent ? extent.bbox : [-180, -90, 180, 90];
  const start = extent ? new Date(extent.start).toISOString() : null;
  const end = extent ? new Date(extent.end).toISOString() : null;
  return {
    id: COLLECTION_ID,
    title: "Published changes",
    description:
      "One feature per published change (latest release of each site): type, damage grade, confidence, detection window, geodesic area, imagery, analyst and reviewers, public sources and a citable URL.",
    extent: { spatial: { bbox: [bbox], crs: CRS84 }, temporal: { interval: [[start, end]], trs: "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian" } },
    itemType: "feature",
    crs: [CRS84],
    links: [
      { href: o, rel: "self", type: "application/json", title: "This collection" },
      { href: `${o}/items`, rel: "items", type: "application/geo+json", title: "The changes" },
      { href: `${origin}/about`, rel: "describedby", type: "text/html", title: "Methodology and glossary" },
    ] satisfies Link[],
  };
}

export function collectionsDoc({ origin, extent }: { origin: string; extent: ChangesExtent | null }): Record<string, unknown> {
  return {
    links: [{ href: `${origin}/ogc/collections`, rel: "self", type: "application/json", title: "Collections" }] satisfies Link[],
    collections: [collectionDoc({ origin, extent })],
  };
}

/** One page of items, filtered here in memory from `all` (the reference the index's answers are held to). */
export function itemsPage({ origin, all, query, rawQuery }: { origin: string; all: IndexedChange[]; query: ItemsQuery; rawQuery: URLSearchParams }): Record<string, unknown> {
  const matched = filterChanges({ items: all, query });
  return itemsDocument({ origin, numberMatched: matched.length, features: matched.slice(query.offset, query.offset + query.limit).map((i) => i.feature), query, rawQuery });
}

/** A page of `features` out of `numberMatched`, with numberMatched/numberReturned and self/next/prev links that keep the other query parameters. */
export function itemsDocument({
  origin,
  numberMatched,
  features,
  query: q,
  rawQuery,
}: {
  origin: string;
  numberMatched: number;
  features: ChangeFeature[];
  query: ItemsQuery;
  rawQuery: URLSearchParams;
}): Record<string, unknown> {
  const href = (offset: number) => {
    const p = new URLSearchParams(rawQuery);
    p.set("offset", String(offset));
    p.set("limit", String(q.limit));
    return `${origin}/ogc/collections/${COLLECTION_ID}/items?${p}`;
  };
  const links: Link[] = [
    { href: href(q.offset), rel: "self", type: "application/geo+json", title: "This page" },
    { href: `${origin}/ogc/collections/${COLLECTION_ID}`, rel: "collection", type: "application/json", title: "The collection" },
  ];
  if (q.offset + q.limit < numberMatched) links.push({ href: href(q.offset + q.limit), rel: "next", type: "application/geo+json", title: "Next page" });
  if (q.offset > 0) links.push({ href: href(Math.max(0, q.offset - q.limit)), rel: "prev", type: "application/geo+json", title: "Previous page" });
  return {
    type: "FeatureCollection",
    features,
    numberMatched,
    numberReturned: features.length,
    timeStamp: new Date().toISOString(),
    links,
  };
}

export function itemDoc({ origin, feature }: { origin: string; feature: ChangeFeature }): Record<string, unknown> {
  const o = `${origin}/ogc/collections/${COLLECTION_ID}`;
  return {
    ...feature,
    links: [
      { href: `${o}/items/${feature.id}`, rel: "self", type: "application/geo+json", title: "This change" },
      { href: o, rel: "collection", type: "application/json", title: "The collection" },
      { href: feature.properties.citation, rel: "alternate", type: "text/html", title: "The change on its release page" },
    ] satisfies Link[],
  };
}

/** A minimal OpenAPI 3.0 definition of the endpoints above. */
export function openApi(origin: string): Record<string, unknown> {
  const json = { "application/json": { schema: { type: "object" } } };
  const geo = { "application/geo+json": { schema: { type: "object" } } };
  const param = (name: string, description: string, schema: Record<string, unknown>) => ({
    name,
    in: "query",
    required: false,
    description,
    schema,
    style: "form",
    explode: false,
  });
  return {
    openapi: "3.0.3",
    info: { title: "Sitewatch OGC API – Features", version: "1.0.0", description: "Published changes of every site's latest release." },
    servers: [{ url: `${origin}/ogc` }],
    paths: {
      "/": { get: { summary: "Landing page", responses: { 200: { description: "Links", content: json } } } },
      "/conformance": { get: { summary: "Conformance classes", responses: { 200: { description: "conformsTo", content: json } } } },
      "/collections": { get: { summary: "Collections", responses: { 200: { description: "The changes collection", content: json } } } },
      [`/collections/${COLLECTION_ID}`]: { get: { summary: "The changes collection", responses: { 200: { description: "Collection", content: json } } } },
      [`/collections/${COLLECTION_ID}/items`]: {
        get: {
          summary: "Published changes",
          parameters: [
            param("bbox", "west,south,east,north in CRS84", { type: "array", minItems: 4, maxItems: 6, items: { type: "number" } }),
            param("datetime", "an instant or an interval (a/b, ../b, a/..): changes whose detection window overlaps it", { type: "string" }),
            param("limit", `1–${MAX_LIMIT}, default ${DEFAULT_LIMIT}`, { type: "integer", minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT }),
            param("offset", "items to skip", { type: "integer", minimum: 0, default: 0 }),
          ],
          responses: { 200: { description: "A page of changes", content: geo }, 400: { description: "A parameter is invalid", content: json } },
        },
      },
      [`/collections/${COLLECTION_ID}/items/{featureId}`]: {
        get: {
          summary: "One change",
          parameters: [{ name: "featureId", in: "path", required: true, schema: { type: "string" } }],
          responses: { 200: { description: "The change", content: geo }, 404: { description: "No such published change", content: json } },
        },
      },
    },
  };
}
