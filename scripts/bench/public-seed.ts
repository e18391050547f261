// The world bench:public measures, built from nothing in its own directory: a
// migrated SQLite database, an admin, the 8192² scene ingested through the
// CLI (COG conversion and all) into site "bench-big", and 1,000 published
// sites spread over the world. The public reads only release snapshots, so the
// sites and their releases are written straight into Site and Release rows
// (snapshots built as publishing builds them: same types, buildChangelog,
// canonical JSON and its sha256). "bench-big" has three releases that add up
// to 1,000 changes over the scene, with two image dates (the ingested scene
// and a second Scene row over the same COG, dated earlier, so the timeline
// has a before and an after); the other 999 have 2–8 changes each.
// Deterministic: a seeded PRNG, so every run measures the same content.
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient, type Prisma } from "@prisma/client";
import { labelOf } from "@/lib/annotations/taxonomy";
import { validateAreaGeometry, type AreaGeometry, type Bbox } from "@/lib/geo/area-geometry";
import { buildChangelog, type DraftPublicChange } from "@/lib/releases/changelog";
import { canonicalJson, toPublicScene, type PublicScene, type ReleaseSnapshot } from "@/lib/releases/release-snapshot";
import { withKey } from "@/lib/scenes/public-render";
import { SITE_KINDS, SITE_QUALIFIERS } from "@/lib/sites/site.schema";
import { mulberry32, ROOT } from "./bench-support";

export const BIG_SLUG = "bench-big";
export const SITE_COUNT = 1000;
export const BIG_CHANGES = 1000;
/** The publisher's zoom cap for the scene: tiles z12–16 are all public. */
export const PUBLIC_MAX_ZOOM = 16;

export interface BenchWorld {
  env: { DATABASE_URL: string; SITEWATCH_DATA_DIR: string };
  dataDir: string;
  /** The ingested scene, as the public tiles serve it. */
  scene: { id: string; bbox: Bbox; renderKey: string; cogFile: string; cogBytes: number };
  ingestWallS: number;
  sites: number;
  releases: number;
  bigChanges: number;
  /** bench-big's newest release (its own page is the immutable one measured). */
  bigLatestRelease: number;
  bigSnapshotBytes: number;
}

const CHANGE_TYPES = ["construction", "demolition", "expansion", "burned_structures", "fencing_walls_watchtowers", "vegetation_clearance", "earthworks", "other"];
const GRADED = new Set(["demolition", "burned_structures"]);
const GRADES = ["destroyed", "damaged", "possibly_damaged"];
const CONFIDENCES = ["low", "medium", "high"];
const COUNTRIES = [
  "Brazil",
  "Kenya",
  "India",
  "Ukraine",
  "Myanmar",
  "Sudan",
  "Peru",
  "Indonesia",
  "Canada",
  "Norway",
  "Chile",
  "Egypt",
  "Mali",
  "Viet Nam",
  "Mexico",
  "Australia",
  "Mongolia",
  "Nigeria",
  "Colombia",
  "Philippines",
];
const WORDS = ["north", "river", "ridge", "valley", "airfield", "harbour", "camp", "quarry", "junction", "plateau", "delta", "mission", "depot", "crossing", "mill", "station"];

const rand = mulberry32(20240601);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const between = (a: number, b: number) => a + rand() * (b - a);
const id = (prefix: string) => prefix + Array.from({ length: 24 }, () => Math.floor(rand() * 36).toString(36)).join("");
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** A simple polygon of 5–8 vertices with radius up to `radiusM` metres around [lon, lat] (counter-clockwise), validated as the app validates drawings. */
function blob(lon: number, lat: number, radiusM: number): { geometry: AreaGeometry; bbox: Bbox; areaM2: number } {
  const n = 5 + Math.floor(rand() * 4);
  const ring: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const angle = ((i + between(0.1, 0.9)) / n) * 2 * Math.PI;
    const r = radiusM * between(0.55, 1);
    ring.push([lon + (r * Math.cos(angle)) / (111_320 * Math.cos((lat * Math.PI) / 180)), lat + (r * Math.sin(angle)) / 110_574]);
  }
  ring.push(ring[0]!);
  const v = validateAreaGeometry({ type: "Polygon", coordinates: [ring] });
  if (!v.ok) throw new Error(`bench polygon: ${v.message}`);
  return { geometry: v.geometry, bbox: v.bbox, areaM2: v.areaM2 };
}

function boxPolygon([w, s, e, n]: Bbox): AreaGeometry {
  return {
    type: "Polygon",
    coordinates: [
      [
        [w, s],
        [e, s],
        [e, n],
        [w, n],
        [w, s],
      ],
    ],
  };
}

function draftChange(args: { lon: number; lat: number; radiusM: number; before: PublicScene; after: PublicScene; n: number }): DraftPublicChange {
  const type = pick(CHANGE_TYPES);
  const shape = blob(args.lon, args.lat, args.radiusM);
  return {
    id: id("c"),
    revision: 1,
    changeType: type,
    changeTypeLabel: labelOf(type),
    damageGrade: GRADED.has(type) ? pick(GRADES) : null,
    confidence: pick(CONFIDENCES),
    description: `Change ${args.n}: ${labelOf(type)} near the ${pick(WORDS)} ${pick(WORDS)}, visible on the later image and absent from the earlier one; outline drawn on the later image at full resolution.`,
    areaM2: shape.areaM2,
    geometry: shape.geometry,
    beforeSceneId: args.before.id,
    afterSceneId: args.after.id,
    detectedAfter: args.before.acquiredAt,
    detectedBy: args.after.acquiredAt,
    sources: Array.from({ length: 1 + Math.floor(rand() * 2) }, (_, i) => ({
      url: `https://news.example.org/${args.n}/${i}`,
      title: `Report ${args.n}.${i} on the ${pick(WORDS)}`,
      archiveUrl: rand() < 0.5 ? `https://archive.example.org/${args.n}/${i}` : null,
      accessedAt: "2024-03-15T00:00:00.000Z",
    })),
    analyst: "Bench Analyst",
    reviewers: ["Bench Editor"],
  };
}

function snapshotOf(args: {
  site: ReleaseSnapshot["site"];
  number: number;
  publishedAt: string;
  previous: ReleaseSnapshot | null;
  changes: DraftPublicChange[];
  scenes: PublicScene[];
}): ReleaseSnapshot {
  const release = {
    number: args.number,
    note: `Release ${args.number}: ${args.changes.length} changes reviewed and published.`,
    publishedAt: args.publishedAt,
    publishedBy: "Bench Admin",
  };
  const { changes, changelog } = buildChangelog({
    number: args.number,
    previous: args.previous,
    site: args.site,
    changes: args.changes,
    scenes: args.scenes,
    retractions: new Map(),
  });
  return { schema: "sitewatch.release/1", site: args.site, release, changes, scenes: args.scenes, changelog };
}

function run(cmd: string, args: string[], env: Record<string, string>, input?: string): string {
  const r = spawnSync(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: "utf8", input, maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${path.basename(cmd)} ${args.join(" ")} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Builds the world in `dir` (emptied first) from the GeoTIFF `input`. */
export async function buildWorld(dir: string, input: string): Promise<BenchWorld> {
  fs.rmSync(dir, { recursive: true, force: true });
  const dataDir = path.join(dir, "data");
  fs.mkdirSync(dataDir, { recursive: true });
  const dbFile = path.join(dir, "bench.db");
  const env = { DATABASE_URL: `file:${dbFile}`, SITEWATCH_DATA_DIR: dataDir };
  const cli = path.join(ROOT, "bin/sitewatch.mjs");

  run(path.join(ROOT, "node_modules/.bin/prisma"), ["migrate", "deploy"], env);
  run(process.execPath, [cli, "user", "create", "--email", "admin@bench.local", "--role", "admin", "--name", "Bench Admin"], env, "bench-password-not-secret\n");

  const db = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${dbFile}` }) });
  try {
    const admin = await db.user.findUniqueOrThrow({ where: { email: "admin@bench.local" } });

    // "bench-big" covers the scene: its footprint is the scene's extent in EPSG:4326 as GDAL reports it.
    const info = JSON.parse(execFileSync("gdalinfo", ["-json", input], { encoding: "utf8", maxBuffer: 64 << 20 })) as { wgs84Extent: unknown };
    const footprint = validateAreaGeometry(info.wgs84Extent);
    if (!footprint.ok) throw new Error(`scene extent: ${footprint.message}`);
    const bigSite = {
      slug: BIG_SLUG,
      name: "Bench big site",
      kind: "settlement",
      qualifier: "confirmed",
      country: "Brazil",
      region: "Pernambuco",
      publicSummary: "The benchmark's large site: one 8192² scene at two dates and 1,000 published changes over it.",
      methodologyNote: "Changes drawn by an analyst on the later image and reviewed by an editor before publication.",
      footprint: footprint.geometry,
      areaM2: footprint.areaM2,
    };
    const bigRow = await db.site.create({
      data: {
        ...bigSite,
        footprint: JSON.stringify(bigSite.footprint),
        bboxMinLon: footprint.bbox[0],
        bboxMinLat: footprint.bbox[1],
        bboxMaxLon: footprint.bbox[2],
        bboxMaxLat: footprint.bbox[3],
        createdById: admin.id,
      },
    });

    // Ingest through the CLI, as an operator would: staging, COG conversion, statistics, the Scene row.
    const t = performance.now();
    run(
      process.execPath,
      [
        cli,
        "ingest",
        input,
        "--site",
        BIG_SLUG,
        "--acquired",
        "2024-01-01",
        "--sensor",
        "Landsat 7 ETM+ (resampled)",
        "--license",
        "CC-BY-4.0",
        "--attribution",
        "bench",
        "--public",
        "--public-max-zoom",
        String(PUBLIC_MAX_ZOOM),
      ],
      env,
    );
    const ingestWallS = (performance.now() - t) / 1000;
    const after = await db.scene.findFirstOrThrow({ where: { sites: { some: { siteId: bigRow.id } } } });
    if (!after.cogSha256) throw new Error("the ingested scene has no COG");
    if (!after.publicDisplay || after.publicMaxZoom !== PUBLIC_MAX_ZOOM) throw new Error(`ingest left publicDisplay ${after.publicDisplay}, publicMaxZoom ${after.publicMaxZoom}`);
    // The earlier image date: the same COG under a second Scene row (a distinct sha256 for the original, which nothing public reads).
    const { id: _id, createdAt: _c, ...copy } = after;
    const before = await db.scene.create({
      data: { ...copy, sha256: sha256(`bench-before:${after.sha256}`), originalFilename: `before-${after.originalFilename}`, acquiredAt: new Date("2023-06-01T00:00:00Z") },
    });
    await db.siteScene.create({ data: { siteId: bigRow.id, sceneId: before.id } });
    const scenes = [toPublicScene(before), toPublicScene(after)];

    // The 1,000 changes of bench-big, inside the central 90 % of the scene, published over three releases (400, 700, 1,000).
    const [w, s, e, n] = [after.bboxMinLon, after.bboxMinLat, after.bboxMaxLon, after.bboxMaxLat];
    const bigChanges = Array.from({ length: BIG_CHANGES }, (_, i) =>
      draftChange({
        lon: between(w + 0.05 * (e - w), e - 0.05 * (e - w)),
        lat: between(s + 0.05 * (n - s), n - 0.05 * (n - s)),
        radiusM: between(15, 150),
        before: scenes[0]!,
        after: scenes[1]!,
        n: i + 1,
      }),
    );
    const releases: { id: string; siteId: string; number: number; note: string; snapshot: string; snapshotSha256: string; publishedById: string; publishedAt: Date }[] = [];
    const addRelease = (siteId: string, snap: ReleaseSnapshot) => {
      const text = canonicalJson(snap);
      releases.push({
        id: id("r"),
        siteId,
        number: snap.release.number,
        note: snap.release.note,
        snapshot: text,
        snapshotSha256: sha256(text),
        publishedById: admin.id,
        publishedAt: new Date(snap.release.publishedAt),
      });
      return text;
    };
    let previous: ReleaseSnapshot | null = null;
    let bigSnapshotBytes = 0;
    for (const [i, count] of [400, 700, BIG_CHANGES].entries()) {
      const snap: ReleaseSnapshot = snapshotOf({
        site: bigSite,
        number: i + 1,
        publishedAt: `2024-0${i + 2}-01T12:00:00.000Z`,
        previous,
        changes: bigChanges.slice(0, count),
        scenes,
      });
      bigSnapshotBytes = Buffer.byteLength(addRelease(bigRow.id, snap));
      previous = JSON.parse(canonicalJson(snap)) as ReleaseSnapshot;
    }

    // 999 more sites, centres spread over the land-ish latitudes of the whole world, one release each.
    const siteRows: Prisma.SiteCreateManyInput[] = [];
    for (let i = 1; i < SITE_COUNT; i++) {
      const lat = (Math.asin(between(Math.sin((-55 * Math.PI) / 180), Math.sin((70 * Math.PI) / 180))) * 180) / Math.PI;
      const lon = between(-179, 179);
      const shape = blob(lon, lat, between(300, 3000));
      const slug = `bench-site-${String(i).padStart(4, "0")}`;
      const site: ReleaseSnapshot["site"] = {
        slug,
        name: `${pick(WORDS)[0]!.toUpperCase()}${pick(WORDS).slice(1)} ${pick(WORDS)} ${i}`,
        kind: pick(SITE_KINDS),
        qualifier: pick(SITE_QUALIFIERS),
        country: pick(COUNTRIES),
        region: rand() < 0.6 ? `Region ${1 + Math.floor(rand() * 30)}` : "",
        publicSummary: `Benchmark site ${i}: a short public summary of what is watched here and why, in one or two sentences.`,
        methodologyNote: "",
        footprint: shape.geometry,
        areaM2: shape.areaM2,
      };
      const siteId = id("s");
      siteRows.push({
        id: siteId,
        ...site,
        footprint: JSON.stringify(site.footprint),
        bboxMinLon: shape.bbox[0],
        bboxMinLat: shape.bbox[1],
        bboxMaxLon: shape.bbox[2],
        bboxMaxLat: shape.bbox[3],
        createdById: admin.id,
      });
      const sceneRender = withKey({
        bands: [1, 2, 3],
        stretch: [
          { min: 20, max: 200 },
          { min: 20, max: 200 },
          { min: 20, max: 200 },
        ],
      });
      // Scenes named in the snapshot only: not displayed publicly, so no tile is ever asked for them.
      const sceneOf = (day: string): PublicScene => ({
        id: id("x"),
        acquiredAt: `${day}T00:00:00.000Z`,
        sensor: "bench",
        gsdM: 10,
        cloudCoverPct: 5,
        provider: "bench",
        license: "proprietary",
        attribution: "bench",
        publicDisplay: false,
        publicMaxZoom: 14,
        render: sceneRender,
        synthetic: false,
        footprint: boxPolygon(shape.bbox),
        crs: "EPSG:32633",
      });
      const siteScenes = [sceneOf("2023-05-01"), sceneOf("2024-02-01")];
      const changes = Array.from({ length: 2 + Math.floor(rand() * 7) }, (_, k) =>
        draftChange({ lon, lat, radiusM: between(20, 120), before: siteScenes[0]!, after: siteScenes[1]!, n: k + 1 }),
      );
      const day = 1 + Math.floor(rand() * 28);
      addRelease(siteId, snapshotOf({ site, number: 1, publishedAt: `2024-03-${String(day).padStart(2, "0")}T09:00:00.000Z`, previous: null, changes, scenes: siteScenes }));
    }
    for (let i = 0; i < siteRows.length; i += 200) await db.site.createMany({ data: siteRows.slice(i, i + 200) });
    for (let i = 0; i < releases.length; i += 100) await db.release.createMany({ data: releases.slice(i, i + 100) });

    const cogFile = path.join(dataDir, "store", after.cogSha256.slice(0, 2), after.cogSha256);
    if (!fs.existsSync(cogFile)) throw new Error(`no COG at ${cogFile}`);
    return {
      env,
      dataDir,
      scene: { id: after.id, bbox: [w, s, e, n], renderKey: scenes[1]!.render!.key, cogFile, cogBytes: fs.statSync(cogFile).size },
      ingestWallS,
      sites: await db.site.count(),
      releases: await db.release.count(),
      bigChanges: BIG_CHANGES,
      bigLatestRelease: 3,
      bigSnapshotBytes,
    };
  } finally {
    await db.$disconnect();
  }
}
