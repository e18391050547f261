// Imagery in an S3-compatible store (a real s3rver on a free port), through
// the whole path: an upload staged in the bucket and converted from it, the
// original and its COG stored there and nothing on local disk, a Range read
// of the viewer's endpoint, a public tile rendered from the bucket and cached
// in it, a detection on the pair. Bytes and results are those of the local
// store: the same COG sha256, the same tile bytes, the same candidates.
// Bad configuration (no such bucket, credentials refused, endpoint down) is
// one line, from checkStore and from `sitewatch worker`.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { HeadObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Polygon } from "geojson";
import { writeCog } from "@/imagery/cog/write-cog";
import { detectChanges } from "@/imagery/detect/detect-changes";
import { renderTile } from "@/imagery/tiles/render-tile";
import { tilesCovering } from "@/imagery/tiles/web-mercator";
import type { SessionUser } from "@/lib/auth/session.server";
import { config } from "@/lib/config.server";
import { db } from "@/lib/db.server";
import { listCandidates } from "@/lib/detect/list-candidates.server";
import { startDetection } from "@/lib/detect/start-detection.server";
import { serveBlob } from "@/lib/http/serve-blob.server";
import { runJobNow } from "@/lib/jobs/run-job-now.server";
import { getPublicSite } from "@/lib/publish/public-read.server";
import { getPublicTile, resetPublicTileIndex } from "@/lib/publish/public-tiles.server";
import { publishRelease } from "@/lib/releases/publish-release.server";
import { getBlobStore } from "@/lib/storage/blob-store.server";
import { checkStore } from "@/lib/storage/check-store.server";
import { S3BlobStore } from "@/lib/storage/s3-blob-store.server";
import { sweepStore } from "@/lib/storage/sweep-store.server";
import { startS3Server, type S3TestServer } from "../support/s3-server";
import { buildSquare, createAnnotationIn, createSiteWithScenes, createUser, syntheticLandsatFile } from "../factories";
import { IMAGERY, ROOT } from "../setup/paths";

let s3: S3TestServer;
let analyst: SessionUser;
let editor: SessionUser;
let ctx: Awaited<ReturnType<typeof createSiteWithScenes>>;
/** COGs the local path makes of the same two files (the engine on local paths, as the local store runs it). */
const local = { before: "", after: "" };
const saved: Record<string, string | undefined> = {};

const sha256 = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");
const s3store = () => getBlobStore() as S3BlobStore;

beforeAll(async () => {
  s3 = await startS3Server();
  for (const [k, v] of Object.entries(s3.env)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  resetPublicTileIndex();
  const dir = path.join(config.dataDir, "local-reference");
  fs.mkdirSync(dir, { recursive: true });
  local.before = path.join(dir, "before.cog.tif");
  local.after = path.join(dir, "after.cog.tif");
  await writeCog(path.join(IMAGERY, "L7_ETMs.tif"), local.before);
  await writeCog(await syntheticLandsatFile(), local.after);

  analyst = await createUser("ANALYST", "Ana Analyst");
  editor = await createUser("EDITOR", "Eli Editor");
  ctx = await createSiteWithScenes(analyst);
}, 180_000);

afterAll(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetPublicTileIndex();
  await s3?.stop();
});

describe("an S3 store", () => {
  it("converts uploads staged in the bucket into the same COGs as the local store, and keeps nothing on local disk", async () => {
    expect(getBlobStore()).toBeInstanceOf(S3BlobStore);
    expect(getBlobStore().description).toBe("s3://sitewatch-test/store");
    for (const [scene, cog] of [
      [ctx.before, local.before],
      [ctx.after, local.after],
    ] as const) {
      expect(scene.status).toBe("READY");
      expect(scene.cogSha256).toBe(sha256(cog));
      // The original and its COG are objects in the bucket, under prefix/ab/<sha256>.
      for (const sha of [scene.sha256, scene.cogSha256!]) {
        const head = await s3store().client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: `store/${sha.slice(0, 2)}/${sha}` }));
        expect(head.ContentLength).toBe(await getBlobStore().size(sha));
      }
      expect(await getBlobStore().isStaged(scene.sha256)).toBe(false);
    }
    expect(await getBlobStore().size(ctx.before.cogSha256!)).toBe(fs.statSync(local.before).size);
    // The local store folder holds no imagery (temp files are local, and gone).
    const onDisk = fs.existsSync(config.storeDir) ? fs.readdirSync(config.storeDir, { recursive: true }).map(String) : [];
    expect(onDisk.filter((f) => /[0-9a-f]{64}/.test(f))).toEqual([]);
    expect(fs.readdirSync(getBlobStore().tempDir)).toEqual([]);
    expect(await getBlobStore().listStaged()).toEqual([]);
    expect(await sweepStore()).toEqual({ tempFiles: 0, stagedFiles: 0 });
  });

  it("serves byte ranges of a stored COG to the viewer, as the local file has them", async () => {
    const sha = ctx.before.cogSha256!;
    const bytes = fs.readFileSync(local.before);
    const get = (range?: string) => serveBlob({ request: new Request("http://sitewatch.test/blob", { headers: range ? { range } : {} }), sha256: sha, contentType: "image/tiff" });
    const partial = await get("bytes=1000-66535");
    expect(partial.status).toBe(206);
    expect(partial.headers.get("content-range")).toBe(`bytes 1000-66535/${bytes.length}`);
    expect(Buffer.from(await partial.arrayBuffer()).equals(bytes.subarray(1000, 66536))).toBe(true);
    const tail = await get("bytes=-100");
    expect(Buffer.from(await tail.arrayBuffer()).equals(bytes.subarray(bytes.length - 100))).toBe(true);
    const whole = await get();
    expect(whole.status).toBe(200);
    expect(
      createHash("sha256")
        .update(Buffer.from(await whole.arrayBuffer()))
        .digest("hex"),
    ).toBe(sha);
    expect((await get(`bytes=${bytes.length}-`)).status).toBe(416);
  });

  it("renders a public tile from the bucket, byte for byte the local store's, and caches it in the bucket", async () => {
    await db.scene.update({ where: { id: ctx.before.id }, data: { publicDisplay: true, publicMaxZoom: 14 } });
    await createAnnotationIn("APPROVED", { siteId: ctx.site.id, author: analyst, reviewer: editor, scenes: { before: ctx.before, after: ctx.after } });
    await publishRelease({ siteId: ctx.site.id, actor: await createUser("EDITOR", "Pat Publisher"), input: { note: "First, from the bucket" } });
    const render = (await getPublicSite({ slug: ctx.site.slug })).snapshot.scenes.find((s) => s.id === ctx.before.id)!.render!;
    const [x, y] = tilesCovering([-34.87, -8.01, -34.87, -8.01], 13)[0]!;
    const tile = await getPublicTile({ sceneId: ctx.before.id, z: "13", x: String(x), yFile: `${y}.webp`, renderKey: render.key, ifNoneMatch: null });
    expect(tile.status).toBe(200);
    const reference = await renderTile({ scene: { file: local.before }, z: 13, x, y, bands: render.bands, stretch: render.stretch });
    expect(Buffer.compare(tile.body as Buffer, reference!.webp)).toBe(0);
    const listed = await s3store().client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: "store/tile-cache/" }));
    const keys = (listed.Contents ?? []).map((o) => o.Key);
    expect(keys).toContain(`store/tile-cache/${ctx.before.cogSha256!.slice(0, 2)}/${ctx.before.cogSha256}/${render.key}/13/${x}/${y}.webp`);
    expect(fs.existsSync(path.join(config.dataDir, "tile-cache"))).toBe(false);
    // Another web instance (no memory cache, no index) answers from the bucket's cache with the same bytes.
    resetPublicTileIndex();
    const again = await getPublicTile({ sceneId: ctx.before.id, z: "13", x: String(x), yFile: `${y}.webp`, renderKey: render.key, ifNoneMatch: null });
    expect(Buffer.compare(again.body as Buffer, reference!.webp)).toBe(0);
  });

  it("detects changes on a pair read from the bucket with the local store's result", async () => {
    // The site's footprint covers the block painted into the later scene.
    await db.site.update({ where: { id: ctx.site.id }, data: { footprint: JSON.stringify(buildSquare(-34.9, -8.0, 0.04)) } });
    const job = await startDetection({ siteId: ctx.site.id, input: { beforeSceneId: ctx.before.id, afterSceneId: ctx.after.id }, actor: analyst });
    const done = await runJobNow({ jobId: job.id });
    expect(done.status).toBe("SUCCEEDED");
    const summary = JSON.parse(done.result!) as { proposed: number; threshold: number; pixelsCompared: number };
    const { sensitivity } = JSON.parse(done.payload) as { sensitivity: number };
    const reference = await detectChanges({ before: local.before, after: local.after, aoi: buildSquare(-34.9, -8.0, 0.04) as Polygon, sensitivity });
    expect(summary.proposed).toBe(reference.candidates.features.length);
    expect(summary.pixelsCompared).toBe(reference.pixels.usable);
    expect(summary.threshold).toBe(Math.round(reference.threshold.threshold * 100) / 100);
    const { candidates } = await listCandidates({ siteId: ctx.site.id, beforeSceneId: ctx.before.id, afterSceneId: ctx.after.id });
    expect(candidates.map((c) => c.pixelCount).sort()).toEqual(reference.candidates.features.map((f) => f.properties.pixelCount).sort());
    expect(candidates[0]!.pixelCount).toBe(30 * 20);
  });
});

describe("a bad S3 configuration", () => {
  const lineOf = async (env: Record<string, string>) => {
    const old = { ...process.env };
    Object.assign(process.env, env);
    try {
      await checkStore();
      return null;
    } catch (e) {
      return (e as Error).message;
    } finally {
      for (const k of Object.keys(env)) process.env[k] = old[k];
    }
  };

  it("is one line that names the problem: no such bucket, credentials refused, endpoint down", async () => {
    expect(await lineOf({})).toBeNull();
    const missing = await lineOf({ SITEWATCH_STORE_URL: "s3://no-such-bucket/x" });
    expect(missing).toMatch(/^the bucket "no-such-bucket" does not exist at http:\/\/127\.0\.0\.1:\d+/);
    // s3rver checks the key id (it does not verify signatures).
    const refused = await lineOf({ AWS_ACCESS_KEY_ID: "NOT-A-KEY" });
    expect(refused).toMatch(/refused the credentials for bucket "sitewatch-test"/);
    const down = await lineOf({ AWS_ENDPOINT_URL: "http://127.0.0.1:9" });
    expect(down).toMatch(/^the S3 endpoint http:\/\/127\.0\.0\.1:9 cannot be reached \(ECONNREFUSED\)/);
    const bad = await lineOf({ SITEWATCH_STORE_URL: "s3://Bad_Bucket" });
    expect(bad).toMatch(/^SITEWATCH_STORE_URL "s3:\/\/Bad_Bucket": the bucket name/);
    for (const line of [missing, refused, down, bad]) expect(line).not.toContain("\n");
  });

  it("stops `sitewatch worker` at start with that line on stderr and exit code 2", () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, "bin/sitewatch.mjs"), "worker"], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, SITEWATCH_STORE_URL: "s3://no-such-bucket/x" },
      timeout: 60_000,
    });
    expect(r.status).toBe(2);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/the bucket "no-such-bucket" does not exist/);
    expect(r.stdout).toBe("");
  });
});
