// Published changes made up deterministically (seeded PRNG) for the OGC API:
// releases written straight into Site and Release rows as publishing writes
// them (canonical JSON, its sha256), so any database, SQLite or PostgreSQL,
// gets exactly the same content, ids and all. The published-change index is
// then built from those releases (syncPublishedChanges), as after an upgrade.
// Used by tests/db/ogc-both-databases.test.ts (and its child process) and by
// scripts/bench/scale-ogc.ts.
import { createHash } from "node:crypto";
import type { MultiPolygon, Polygon, Position } from "geojson";
import { db } from "@/lib/db.server";
import { geometryBbox } from "@/lib/geo/bbox";
import { canonicalJson, type PublicChange, type ReleaseSnapshot } from "@/lib/releases/release-snapshot";

type Geometry = Polygon | MultiPolygon;

/** mulberry32, as scripts/bench/bench-support.ts. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const r7 = (n: number) => Math.round(n * 1e7) / 1e7;
const ring = (pts: Position[]): Position[] => [...pts.map(([x, y]) => [r7(x!), r7(y!)]), [r7(pts[0]![0]!), r7(pts[0]![1]!)]];
/** Counter-clockwise rectangle. */
const rect = (w: number, s: number, e: number, n: number): Position[] =>
  ring([
    [w, s],
    [e, s],
    [e, n],
    [w, n],
  ]);

/**
 * Shapes that tell an exact test from a bbox test, and the antimeridian:
 * a thin diagonal (its bbox is mostly empty), a square with a hole, a change
 * split at ±180, and squares that touch each other's edges.
 */
export const SPECIAL_GEOMETRIES: Geometry[] = [
  // Diagonal sliver from (10,10) to (11,11): bbox [10,10,11,11], but (10.8,10.1) is far from it.
  {
    type: "Polygon",
    coordinates: [
      ring(
        [
          [10, 10],
          [11, 10.98],
          [11, 11],
          [10.98, 11],
          [10, 10.02],
        ].reverse(),
      ),
    ],
  },
  // A 1° square with a 0.6° hole.
  {
    type: "Polygon",
    coordinates: [
      rect(20, 20, 21, 21),
      ring([
        [20.2, 20.2],
        [20.2, 20.8],
        [20.8, 20.8],
        [20.8, 20.2],
      ]),
    ],
  },
  // Across the antimeridian, split at ±180.
  { type: "MultiPolygon", coordinates: [[rect(179.5, -17, 180, -16.5)], [rect(-180, -17, -179.5, -16.5)]] },
  // Two squares sharing the edge lon = 30.
  { type: "Polygon", coordinates: [rect(29.5, 0, 30, 0.5)] },
  { type: "Polygon", coordinates: [rect(30, 0, 30.5, 0.5)] },
  // Near the poles and at the world's corners.
  { type: "Polygon", coordinates: [rect(-180, 89, -179, 90)] },
  { type: "Polygon", coordinates: [rect(179, -90, 180, -89)] },
];

function randomGeometry(rand: () => number): Geometry {
  const size = 0.001 + rand() ** 3 * 0.8;
  const cx = -179 + rand() * 358;
  const cy = -80 + rand() * 160;
  const kind = rand();
  if (kind < 0.5) return { type: "Polygon", coordinates: [rect(cx - size / 2, cy - size / 2, cx + size / 2, cy + size / 2)] };
  if (kind < 0.85) {
    // A triangle: half its bbox is empty.
    return {
      type: "Polygon",
      coordinates: [
        ring([
          [cx - size / 2, cy - size / 2],
          [cx + size / 2, cy - size / 2],
          [cx - size / 2, cy + size / 2],
        ]),
      ],
    };
  }
  return {
    type: "MultiPolygon",
    coordinates: [[rect(cx - size / 2, cy - size / 2, cx, cy)], [rect(cx + size / 4, cy + size / 4, cx + size / 2, cy + size / 2)]],
  };
}

const day = (rand: () => number, from: number, spanDays: number) => new Date(Date.UTC(from, 0, 1) + Math.floor(rand() * spanDays) * 86_400_000).toISOString();

function change({ id, geometry, rand, releaseNumber }: { id: string; geometry: Geometry; rand: () => number; releaseNumber: number }): PublicChange {
  const after = day(rand, 2015, 3000);
  // Several changes share a detection date, so the id decides their order.
  const by = rand() < 0.3 ? "2020-06-01T00:00:00.000Z" : day(rand, 2023, 700);
  return {
    id,
    revision: 1,
    changeType: "construction",
    changeTypeLabel: "construction",
    damageGrade: null,
    confidence: ["low", "medium", "high"][Math.floor(rand() * 3)]!,
    description: `Change ${id}: "quoted", ünïcödé, and a comma`,
    areaM2: Math.round(rand() * 1e9) / 100,
    geometry,
    beforeSceneId: "scene-before",
    afterSceneId: "scene-after",
    detectedAfter: after < by ? after : "2014-01-01T00:00:00.000Z",
    detectedBy: by,
    sources: [{ url: `https://example.org/${id}`, title: "Report", archiveUrl: null, accessedAt: null }],
    analyst: "Ana Analyst",
    reviewers: ["Eli Editor"],
    firstPublishedIn: 1,
    revisedIn: releaseNumber,
  };
}

export interface FixtureSite {
  slug: string;
  footprint: Polygon;
  /** Every release of the site, oldest first: only the last one is public. */
  releases: ReleaseSnapshot[];
}

/**
 * `sites` sites with `changesPerSite` changes each in their latest release
 * (the first site also has SPECIAL_GEOMETRIES); unless `plain`, every third
 * site has an older release with other changes, and the last site's latest
 * release has none.
 */
export function ogcFixture({ seed, sites, changesPerSite, plain = false }: { seed: number; sites: number; changesPerSite: number; plain?: boolean }): FixtureSite[] {
  const rand = prng(seed);
  return Array.from({ length: sites }, (_, s) => {
    const slug = `site-${String(s).padStart(4, "0")}`;
    const footprint: Polygon = { type: "Polygon", coordinates: [rect(-170 + (s % 340), -60 + (s % 120), -169.5 + (s % 340), -59.5 + (s % 120))] };
    const count = !plain && s === sites - 1 && sites > 1 ? 0 : changesPerSite;
    const releases: ReleaseSnapshot[] = [];
    const releaseCount = !plain && s % 3 === 0 ? 2 : 1;
    for (let n = 1; n <= releaseCount; n++) {
      const geometries = Array.from({ length: count }, () => randomGeometry(rand));
      if (s === 0 && n === releaseCount) geometries.push(...SPECIAL_GEOMETRIES);
      // Ids in mixed case and with digits, to hold the code-point order (not the locale's).
      const ids = geometries.map((_, i) => `${s % 2 ? "C" : "c"}${String(s).padStart(4, "0")}${n}${String(i).padStart(3, "0")}${"xYz"[i % 3]}`);
      releases.push({
        schema: "sitewatch.release/1",
        site: {
          slug,
          name: `Site ${s}`,
          kind: "other",
          qualifier: "documented",
          country: "Nowhere",
          region: "",
          publicSummary: "",
          methodologyNote: "",
          footprint,
          areaM2: 1e6,
        },
        release: { number: n, note: `release ${n}`, publishedAt: new Date(Date.UTC(2024, 0, 1 + n)).toISOString(), publishedBy: "Eli Editor" },
        changes: geometries.map((geometry, i) => change({ id: ids[i]!, geometry, rand, releaseNumber: n })),
        scenes: [],
      });
    }
    return { slug, footprint, releases };
  });
}

/** Writes the fixture's user, sites and releases (one transaction per site). */
export async function seedOgcFixture(sites: FixtureSite[]): Promise<void> {
  const user = await db.user.create({ data: { email: "ogc-fixture@example.org", name: "Eli Editor", role: "EDITOR", passwordHash: "" } });
  for (const site of sites) {
    const [w, s, e, n] = geometryBbox(site.footprint);
    await db.$transaction(async (tx) => {
      const row = await tx.site.create({
        data: {
          slug: site.slug,
          name: site.releases[0]!.site.name,
          kind: "other",
          qualifier: "documented",
          country: "Nowhere",
          footprint: JSON.stringify(site.footprint),
          bboxMinLon: w,
          bboxMinLat: s,
          bboxMaxLon: e,
          bboxMaxLat: n,
          areaM2: 1e6,
          createdById: user.id,
        },
      });
      for (const snapshot of site.releases) {
        const json = canonicalJson(snapshot);
        await tx.release.create({
          data: {
            siteId: row.id,
            number: snapshot.release.number,
            note: snapshot.release.note,
            snapshot: json,
            snapshotSha256: createHash("sha256").update(json).digest("hex"),
            publishedById: user.id,
            publishedAt: new Date(snapshot.release.publishedAt),
          },
        });
      }
    });
  }
}

// --- the queries compared -------------------------------------------------------

export const ORIGIN = "https://sitewatch.example.org";

/** Query strings of GET /ogc/collections/changes/items: world, antimeridian, empty, exact-geometry, touching, paging and datetime cases, and seeded random boxes. */
export function ogcQueries(seed: number): string[] {
  const rand = prng(seed);
  const fixed = [
    "",
    "limit=1000",
    "bbox=-180,-90,180,90&limit=1000",
    "bbox=-180,-90,180,90&limit=7&offset=14",
    "limit=5&offset=100000",
    "bbox=179,-20,-179,-10&limit=50",
    "bbox=170,-90,-170,90&limit=1000",
    "bbox=179.9,-16.9,-179.9,-16.6",
    "bbox=180,-90,-180,90&limit=3",
    "bbox=10.8,10.1,10.9,10.2",
    "bbox=10.45,10.45,10.55,10.55",
    "bbox=20.3,20.3,20.7,20.7",
    "bbox=20.3,20.3,20.9,20.7",
    "bbox=30,0.1,30.2,0.2",
    "bbox=30.5,0,31,0.5",
    "bbox=29,-1,29.5,0",
    "bbox=-180,89.5,-179.5,90",
    "bbox=-10,-10,0,10,10,100&limit=100",
    "datetime=2020-06-01T00:00:00Z&limit=1000",
    "datetime=2020-06-01&limit=20&offset=3",
    "datetime=../2015-06-01",
    "datetime=2024-06-01/..&limit=1000",
    "datetime=1900-01-01/1901-01-01",
    "datetime=2016-01-01/2017-06-30&bbox=-60,-50,60,50&limit=100",
    "datetime=2023-01-01T00:00:00Z/2023-03-01T12:00:00Z&bbox=100,-80,-100,80&limit=1000",
  ];
  const random = Array.from({ length: 30 }, () => {
    const w = -180 + rand() * 360;
    const s = -90 + rand() * 170;
    const size = rand() ** 2 * 120;
    const e = w + size > 180 ? w + size - 360 : w + size;
    const n = Math.min(90, s + size / 2);
    const limit = 1 + Math.floor(rand() * 60);
    const offset = Math.floor(rand() * 3) * limit;
    return `bbox=${r7(w)},${r7(s)},${r7(e)},${r7(n)}&limit=${limit}&offset=${offset}`;
  });
  return [...fixed, ...random];
}
