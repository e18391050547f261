// One page of the OGC items query (bbox, datetime, limit, offset) from the
// published-change index, and how many changes match in all. On both databases
// a change matches a box (two across the antimeridian) when its bbox lies inside
// it, decided on the bbox columns alone, or else when its bbox crosses a side of
// the box and its geometry touches the box: PostGIS ST_Intersects found through
// the GiST index on PostgreSQL, Turf on SQLite. The two sets are disjoint, so the
// count is their sum, and the many inside are counted from an index alone. Both
// give what filterChanges gives in memory (tests/db/ogc-both-databases.test.ts).
import type { Prisma } from "@prisma/client";
import { config } from "../config.server";
import { db } from "../db.server";
import { intersectsBoxes, queryBoxes, type ChangeFeature, type ItemsQuery } from "./public-ogc";

export interface PublishedChangesPage {
  numberMatched: number;
  /** The page's rows' `feature` text, in the collection's order. */
  features: string[];
}

type Box = [number, number, number, number];

/** No bbox: every change lies in the world. */
const WORLD: Box = [-180, -90, 180, 90];

export function queryPublishedChanges({ query }: { query: ItemsQuery }): Promise<PublishedChangesPage> {
  return config.databaseProvider === "postgresql" ? queryPostgres(query) : querySqlite(query);
}

const finite = (n: number | undefined): n is number => n !== undefined && Number.isFinite(n);

// The changes whose bbox crosses a side are those whose geometry's bbox meets
// one of the four sides (each a degenerate envelope for the GiST index).
// One fixed statement each, parameters only (the client's Prisma.sql fragments
// belong to the SQLite client's runtime): a second box (across the antimeridian)
// is switched on by a parameter, which the planner folds away (node-postgres
// plans each unnamed statement with its values).
async function queryPostgres(q: ItemsQuery): Promise<PublishedChangesPage> {
  const [one, second] = queryBoxes(q.bbox ?? WORLD) as [Box, Box | undefined];
  const two = !!second;
  const [w1, s1, e1, n1] = one;
  const [w2, s2, e2, n2] = second ?? one;
  const start = finite(q.datetime?.start) ? q.datetime.start : null;
  const end = finite(q.datetime?.end) ? q.datetime.end : null;
  const [[count], rows] = await Promise.all([
    db.$queryRaw<{ n: number }[]>`SELECT ((
        SELECT count(*) FROM "PublishedChange"
        WHERE (("minLon" >= ${w1}::float8 AND "minLon" <= ${e1}::float8 AND "maxLon" <= ${e1}::float8 AND "minLat" >= ${s1}::float8 AND "maxLat" <= ${n1}::float8)
            OR (${two}::boolean AND "minLon" >= ${w2}::float8 AND "minLon" <= ${e2}::float8 AND "maxLon" <= ${e2}::float8 AND "minLat" >= ${s2}::float8 AND "maxLat" <= ${n2}::float8))
          AND (${start}::float8 IS NULL OR "endMs" >= ${start}::float8)
          AND (${end}::float8 IS NULL OR "startMs" <= ${end}::float8)
      ) + (
        SELECT count(*) FROM "PublishedChange"
        WHERE ("geom" OPERATOR(postgis.&&) postgis.ST_MakeEnvelope(${w1}::float8, ${s1}::float8, ${w1}::float8, ${n1}::float8, 4326)
            OR "geom" OPERATOR(postgis.&&) postgis.ST_MakeEnvelope(${e1}::float8, ${s1}::float8, ${e1}::float8, ${n1}::float8, 4326)
            OR "geom" OPERATOR(postgis.&&) postgis.ST_MakeEnvelope(${w1}::float8, ${s1}::float8, ${e1}::float8, ${s1}::float8, 4326)
            OR "geom" OPERATOR(postgis.&&) postgis.ST_MakeEnvelope(${w1}::float8, ${n1}::float8, ${e1}::float8, ${n1}::float8, 4326)
            OR (${two}::boolean AND (
                 "geom" OPERATOR(postgis.&&) postgis.ST_MakeEnvelope(${w2}::float8, ${s2}::float8, ${w2}::float8, ${n2}::float8, 4326)
              OR "geom" OPERATOR(postgis.&&) postgis.ST_MakeEnvelope(${e2}::float8, ${s2}::float8, ${e2}::float8, ${n2}::float8, 4326)
              OR "geom" OPERATOR(postgis.&&) postgis.ST_MakeEnvelope(${w2}::float8, ${s2}::float8, ${e2}::float8, ${s2}::float8, 4326)
              OR "geom" OPERATOR(postgis.&&) postgis.ST_MakeEnvelope(${w2}::float8, ${n2}::float8, ${e2}::float8, ${n2}::float8, 4326))))
          AND NOT (("minLon" >= ${w1}::float8 AND "maxLon" <= ${e1}::float8 AND "minLat" >= ${s1}::float8 AND "maxLat" <= ${n1}::float8)
            OR (${two}::boolean AND "minLon" >= ${w2}::float8 AND "maxLon" <= ${e2}::float8 AND "minLat" >= ${s2}::float8 AND "maxLat" <= ${n2}::float8))
          AND (postgis.ST_Intersects("geom", postgis.ST_MakeEnvelope(${w1}::float8, ${s1}::float8, ${e1}::float8, ${n1}::float8, 4326))
            OR (${two}::boolean AND postgis.ST_Intersects("geom", postgis.ST_MakeEnvelope(${w2}::float8, ${s2}::float8, ${e2}::float8, ${n2}::float8, 4326))))
          AND (${start}::float8 IS NULL OR "endMs" >= ${start}::float8)
          AND (${end}::float8 IS NULL OR "startMs" <= ${end}::float8)
      ))::int AS n`,
    db.$queryRaw<{ feature: string }[]>`SELECT "feature" FROM "PublishedChange"
      WHERE (("minLon" >= ${w1}::float8 AND "minLon" <= ${e1}::float8 AND "maxLon" <= ${e1}::float8 AND "minLat" >= ${s1}::float8 AND "maxLat" <= ${n1}::float8)
          OR (${two}::boolean AND "minLon" >= ${w2}::float8 AND "minLon" <= ${e2}::float8 AND "maxLon" <= ${e2}::float8 AND "minLat" >= ${s2}::float8 AND "maxLat" <= ${n2}::float8)
          OR postgis.ST_Intersects("geom", postgis.ST_MakeEnvelope(${w1}::float8, ${s1}::float8, ${e1}::float8, ${n1}::float8, 4326))
          OR (${two}::boolean AND postgis.ST_Intersects("geom", postgis.ST_MakeEnvelope(${w2}::float8, ${s2}::float8, ${e2}::float8, ${n2}::float8, 4326))))
        AND (${start}::float8 IS NULL OR "endMs" >= ${start}::float8)
        AND (${end}::float8 IS NULL OR "startMs" <= ${end}::float8)
      ORDER BY "detectedBy" COLLATE "C", "changeId" COLLATE "C" LIMIT ${q.limit}::int OFFSET ${q.offset}::int`,
  ]);
  return { numberMatched: count?.n ?? 0, features: rows.map((r) => r.feature) };
}

async function querySqlite(q: ItemsQuery): Promise<PublishedChangesPage> {
  const boxes = queryBoxes(q.bbox ?? WORLD);
  const when: Prisma.PublishedChangeWhereInput[] = [];
  if (finite(q.datetime?.end)) when.push({ startMs: { lte: q.datetime.end } });
  if (finite(q.datetime?.start)) when.push({ endMs: { gte: q.datetime.start } });
  const inside: Prisma.PublishedChangeWhereInput = {
    OR: boxes.map(([w, s, e, n]) => ({ minLon: { gte: w, lte: e }, maxLon: { lte: e }, minLat: { gte: s }, maxLat: { lte: n } })),
  };
  const overlaps: Prisma.PublishedChangeWhereInput = { OR: boxes.map(([w, s, e, n]) => ({ minLon: { lte: e }, maxLon: { gte: w }, minLat: { lte: n }, maxLat: { gte: s } })) };
  // The few whose bbox crosses a side of the box: their geometry decides.
  const edge = await db.publishedChange.findMany({
    where: { AND: [...when, overlaps, { NOT: inside }] },
    select: { changeId: true, feature: true, minLon: true, minLat: true, maxLon: true, maxLat: true },
  });
  const edgeIds = edge
    .filter((c) => intersectsBoxes({ bbox: [c.minLon, c.minLat, c.maxLon, c.maxLat], boxes, feature: () => JSON.parse(c.feature) as ChangeFeature }))
    .map((c) => c.changeId);
  const matched: Prisma.PublishedChangeWhereInput = { AND: [...when, edgeIds.length ? { OR: [inside, { changeId: { in: edgeIds } }] } : inside] };
  const [inCount, page] = await Promise.all([
    db.publishedChange.count({ where: { AND: [...when, inside] } }),
    // SQLite compares text byte by byte (BINARY): for UTF-8, code-point order.
    db.publishedChange.findMany({ where: matched, orderBy: [{ detectedBy: "asc" }, { changeId: "asc" }], skip: q.offset, take: q.limit, select: { feature: true } }),
  ]);
  return { numberMatched: inCount + edgeIds.length, features: page.map((r) => r.feature) };
}
