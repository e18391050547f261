// One database's half of bench:scale-ogc (scripts/bench/scale-ogc.ts), in a
// process of its own because the Prisma client is bound to DATABASE_URL when it
// loads: seeds the made-up published changes (tests/support/ogc-fixture.ts),
// builds the published-change index from the releases (the path an upgraded
// installation takes), then times the OGC items query through the functions the
// route calls (parse, index query, document, JSON text), after VACUUM/ANALYZE.
// Prints one JSON line.
import { mulberry32, median, percentile } from "./bench-support";
import { ItemsQuery } from "@/lib/publish/public-ogc";
import { ogcItems } from "@/lib/publish/public-ogc.server";
import { syncPublishedChanges } from "@/lib/publish/published-change-sync.server";
import { db } from "@/lib/db.server";
import { ogcFixture, ORIGIN, seedOgcFixture } from "../../tests/support/ogc-fixture";

const SITES = Number(process.env.BENCH_OGC_SITES ?? 1000);
const PER_SITE = Number(process.env.BENCH_OGC_PER_SITE ?? 100);
const QUERIES = Number(process.env.BENCH_OGC_QUERIES ?? 40);
const RUNS = Number(process.env.BENCH_OGC_RUNS ?? 3);
const LIMIT = Number(process.env.BENCH_OGC_LIMIT ?? 100);

const say = (msg: string) => console.error(`  ${process.env.BENCH_OGC_DB}: ${msg}`);

/** Boxes of one size (degrees of longitude; half as tall) at seeded places; "world" is the whole world each time. */
function boxes(kind: string, rand: () => number): string[] {
  const sizes: Record<string, number> = { small: 1, medium: 20, large: 90 };
  return Array.from({ length: QUERIES }, () => {
    if (kind === "world") return "-180,-90,180,90";
    if (kind === "antimeridian") {
      const lat = -60 + rand() * 100;
      return `${170 + rand() * 5},${lat.toFixed(4)},${-175 + rand() * 5},${(lat + 20).toFixed(4)}`;
    }
    const size = sizes[kind]!;
    const w = -180 + rand() * (360 - size);
    const s = -80 + rand() * (160 - size / 2);
    return [w, s, w + size, s + size / 2].map((v) => v.toFixed(4)).join(",");
  });
}

async function timeQuery(bbox: string): Promise<{ ms: number; matched: number }> {
  const t = performance.now();
  const raw = new URLSearchParams({ bbox, limit: String(LIMIT) });
  const doc = await ogcItems({ origin: ORIGIN, query: ItemsQuery.parse(Object.fromEntries(raw)), rawQuery: raw });
  const body = JSON.stringify(doc);
  const ms = performance.now() - t;
  if (!body.startsWith("{")) throw new Error("no document");
  return { ms, matched: doc.numberMatched as number };
}

let t = performance.now();
await seedOgcFixture(ogcFixture({ seed: 1600, sites: SITES, changesPerSite: PER_SITE, plain: true }));
const seedS = (performance.now() - t) / 1000;
say(`seeded ${SITES} sites and their releases in ${seedS.toFixed(1)} s`);
t = performance.now();
await syncPublishedChanges();
const indexS = (performance.now() - t) / 1000;
// Statistics and the visibility map, as autovacuum (PostgreSQL) would have them by then; ANALYZE on SQLite too.
if (process.env.BENCH_OGC_DB === "postgres") await db.$executeRawUnsafe('VACUUM (ANALYZE) "PublishedChange"');
else await db.$executeRawUnsafe("ANALYZE");
const changes = await db.publishedChange.count();
say(`indexed ${changes} published changes from the releases in ${indexS.toFixed(1)} s`);

const kinds = ["small", "medium", "large", "antimeridian", "world"];
const result: Record<string, { p50Ms: number; p95Ms: number; meanMatched: number; runsP95Ms: number[] }> = {};
for (const kind of kinds) {
  const qs = boxes(kind, mulberry32(kind.length * 7919));
  for (const q of qs.slice(0, 5)) await timeQuery(q); // warm-up
  const p50s: number[] = [];
  const p95s: number[] = [];
  let matched = 0;
  for (let run = 0; run < RUNS; run++) {
    const ms: number[] = [];
    for (const q of qs) {
      const r = await timeQuery(q);
      ms.push(r.ms);
      matched += r.matched;
    }
    p50s.push(percentile(ms, 0.5));
    p95s.push(percentile(ms, 0.95));
  }
  result[kind] = {
    p50Ms: +median(p50s).toFixed(1),
    p95Ms: +median(p95s).toFixed(1),
    meanMatched: Math.round(matched / (RUNS * qs.length)),
    runsP95Ms: p95s.map((v) => +v.toFixed(1)),
  };
  say(`${kind.padEnd(12)} p50 ${result[kind].p50Ms} ms, p95 ${result[kind].p95Ms} ms (mean ${result[kind].meanMatched} matched)`);
}
process.stdout.write(
  `${JSON.stringify({ changes, sites: SITES, seedS: +seedS.toFixed(1), indexS: +indexS.toFixed(1), limit: LIMIT, queriesPerKind: QUERIES, runs: RUNS, queries: result })}\n`,
);
await db.$disconnect();
