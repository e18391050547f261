// Scene ingest: good files are stored under their sha256 with a row; every
// hostile file is refused by the upload's synchronous checks with 422 and
// leaves no file and no row.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/lib/auth/session.server";
import { config } from "@/lib/config.server";
import { db } from "@/lib/db.server";
import { DomainError, HTTP_STATUS } from "@/lib/errors";
import { inspectGeoTiff } from "@/imagery/inspect";
import { getJobForUser } from "@/lib/jobs/jobs.server";
import { windowProblem } from "@/lib/annotations/annotation-rules";
import { cancelJob } from "@/lib/jobs/cancel-job.server";
import { runJobNow } from "@/lib/jobs/run-job-now.server";
import { deleteScene } from "@/lib/scenes/delete-scene.server";
import { acceptSceneUpload } from "@/lib/scenes/accept-scene-upload.server";
import { ingestStagedScene } from "@/lib/scenes/ingest-scene.server";
import { stageLocalFile } from "@/lib/scenes/stage-upload.server";
import { createSite } from "@/lib/sites/create-site.server";
import { buildSite, createUser } from "../factories";
import { IMAGERY } from "../setup/paths";

let analyst: SessionUser;
let siteId: string;
const meta = { acquiredAt: "2001-07-15T10:00:00Z", license: "CC-BY-4.0", attribution: "Test" };

function storedFiles(): string[] {
  if (!fs.existsSync(config.storeDir)) return [];
  return fs
    .readdirSync(config.storeDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name);
}

beforeAll(async () => {
  analyst = await createUser("ANALYST");
  siteId = (await createSite({ input: buildSite(), actor: analyst })).id;
});

describe("hostile files", () => {
  const hostile = ["bad", "hostile"].flatMap((dir) => fs.readdirSync(path.join(IMAGERY, dir)).map((f) => `${dir}/${f}`));
  for (const file of hostile) {
    it(`${file} is refused before it is queued and leaves nothing behind`, async () => {
      const before = { files: storedFiles(), rows: await db.scene.count(), jobs: await db.job.count() };
      const error = await acceptSceneUpload({ actor: analyst, siteId, staged: await stageLocalFile(path.join(IMAGERY, file)), metadata: meta }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect(HTTP_STATUS[(error as DomainError).code]).toBe(422);
      expect((error as DomainError).message).toContain(path.basename(file));
      expect(storedFiles()).toEqual(before.files);
      expect(await db.scene.count()).toBe(before.rows);
      expect(await db.job.count()).toBe(before.jobs);
    });
  }

  it("bad metadata is refused before anything is stored", async () => {
    const before = storedFiles();
    await expect(
      ingestStagedScene({ actor: analyst, siteId, staged: await stageLocalFile(path.join(IMAGERY, "L7_ETMs.tif")), metadata: { ...meta, acquiredAt: "yesterday" } }),
    ).rejects.toThrow(/ISO 8601/);
    expect(storedFiles()).toEqual(before);
  });
});

describe("a real GeoTIFF", () => {
  it("is stored under its sha256 with its footprint, CRS and statistics; a second upload is linked, not copied", async () => {
    const { scene, deduplicated } = await ingestStagedScene({ actor: analyst, siteId, staged: await stageLocalFile(path.join(IMAGERY, "L7_ETMs.tif")), metadata: meta });
    expect(deduplicated).toBe(false);
    expect(scene.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(storedFiles()).toContain(scene.sha256);
    expect(scene.crs).toBe("EPSG:31985");
    expect(scene.acquiredAt.toISOString()).toBe("2001-07-15T10:00:00.000Z");
    expect(JSON.parse(scene.bandStats)).toHaveLength(6);
    expect(scene.bboxMinLon).toBeCloseTo(-34.9166, 3);
    // The original is kept for provenance; a cloud-optimised copy is made for viewing and tiles.
    expect(scene.cogSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(scene.cogSha256).not.toBe(scene.sha256);
    expect(storedFiles()).toContain(scene.cogSha256);
    const cog = await inspectGeoTiff(path.join(config.storeDir, scene.cogSha256!.slice(0, 2), scene.cogSha256!));
    expect(cog).toMatchObject({ width: 349, height: 352, bands: 6, crs: "EPSG:31985", isCog: true });

    const otherSite = await createSite({ input: buildSite(), actor: analyst });
    const again = await ingestStagedScene({ actor: analyst, siteId: otherSite.id, staged: await stageLocalFile(path.join(IMAGERY, "L7_ETMs.tif")), metadata: meta });
    expect(again.deduplicated).toBe(true);
    expect(again.scene.id).toBe(scene.id);
    expect(await db.siteScene.count({ where: { sceneId: scene.id } })).toBe(2);
    expect(storedFiles().filter((f) => f === scene.sha256)).toHaveLength(1);
    expect(storedFiles().filter((f) => f === scene.cogSha256)).toHaveLength(1);
    expect(fs.readdirSync(path.join(config.storeDir, ".tmp"))).toEqual([]);
  });
});

describe("an accepted upload waits for its conversion job", () => {
  it("is a PROCESSING scene that no window may use until its job, followed under the id the uploader chose, makes it READY", async () => {
    const jobId = randomUUID();
    const accepted = await acceptSceneUpload({
      jobId,
      actor: analyst,
      siteId,
      staged: await stageLocalFile(path.join(IMAGERY, "generated/l7-multilevel-int16-nodata.tif")),
      metadata: meta,
    });
    expect(accepted.scene).toMatchObject({ status: "PROCESSING", cogSha256: null, conversionJobId: jobId });
    expect(accepted.job).toMatchObject({ id: jobId, kind: "convert-scene", status: "QUEUED" });
    // Waiting in the staging area, not in the store.
    expect(storedFiles()).not.toContain(accepted.scene.sha256);
    expect(fs.readdirSync(path.join(config.storeDir, ".staging"))).toContain(`${accepted.scene.sha256}.tif`);
    const later = { id: "later", status: "READY" as const, acquiredAt: "2030-01-01T00:00:00Z" };
    expect(windowProblem({ before: accepted.scene, after: later })).toMatch(/still being converted/);

    const seen: number[] = [];
    const job = await runJobNow({ jobId, onProgress: (f) => seen.push(f) });
    expect(job).toMatchObject({ status: "SUCCEEDED", progress: 1, attempts: 1 });
    expect(seen.length).toBeGreaterThan(2);
    const scene = await db.scene.findUniqueOrThrow({ where: { id: accepted.scene.id } });
    expect(scene).toMatchObject({ status: "READY", statusMessage: "" });
    expect(JSON.parse(scene.bandStats)).toHaveLength(1);
    expect(storedFiles()).toEqual(expect.arrayContaining([scene.sha256, scene.cogSha256]));
    expect(fs.readdirSync(path.join(config.storeDir, ".staging"))).not.toContain(`${scene.sha256}.tif`);
    expect(await getJobForUser({ id: jobId, user: analyst })).toMatchObject({ kind: "convert-scene", status: "SUCCEEDED", result: { sceneId: scene.id } });
    // Only the person who started it (or an admin) can see it.
    const other = await createUser("ANALYST");
    await expect(getJobForUser({ id: jobId, user: other })).rejects.toThrow(/no such job/);
  });
});

describe("a conversion that ends without a scene", () => {
  it("cancelled while queued: the scene is FAILED with the reason and nothing is stored; the same file uploaded again converts it; only its uploader or an admin may delete it", async () => {
    const file = path.join(IMAGERY, "generated/l7-uint16.tif");
    const accepted = await acceptSceneUpload({ actor: analyst, siteId, staged: await stageLocalFile(file), metadata: meta });
    const stored = storedFiles();
    expect(await cancelJob({ jobId: accepted.job!.id, user: analyst })).toMatchObject({ status: "CANCELLED" });
    expect(await db.scene.findUniqueOrThrow({ where: { id: accepted.scene.id } })).toMatchObject({ status: "FAILED", statusMessage: "the conversion was cancelled" });
    expect(storedFiles()).toEqual(stored);
    await expect(deleteScene({ sceneId: accepted.scene.id, user: await createUser("ANALYST") })).rejects.toThrow(/only the person who uploaded this scene, or an admin/);

    // The staged copy is gone (say, a disk was cleaned): uploading the same bytes again brings it back and queues the conversion.
    fs.rmSync(path.join(config.storeDir, ".staging", `${accepted.scene.sha256}.tif`));
    const again = await acceptSceneUpload({ actor: analyst, siteId, staged: await stageLocalFile(file), metadata: meta });
    expect(again).toMatchObject({ deduplicated: true, scene: { id: accepted.scene.id, status: "PROCESSING" }, job: { id: accepted.job!.id, status: "QUEUED" } });
    expect((await runJobNow({ jobId: accepted.job!.id })).status).toBe("SUCCEEDED");
    const ready = await db.scene.findUniqueOrThrow({ where: { id: accepted.scene.id } });
    expect(ready.status).toBe("READY");
    await expect(deleteScene({ sceneId: ready.id, user: analyst })).rejects.toThrow(/a scene that is ready is kept/);
  });

  it("the same new file uploaded twice at once: one scene, one job, both uploads follow it, and it converts", async () => {
    const file = path.join(IMAGERY, "generated/l7-lzw-predictor.tif");
    const editor = await createUser("EDITOR");
    const [a, b] = await Promise.all([
      acceptSceneUpload({ actor: analyst, siteId, staged: await stageLocalFile(file), metadata: meta }),
      acceptSceneUpload({ actor: editor, siteId, staged: await stageLocalFile(file), metadata: meta }),
    ]);
    expect(a.scene.id).toBe(b.scene.id);
    expect([a.deduplicated, b.deduplicated].sort()).toEqual([false, true]);
    const job = (a.deduplicated ? b : a).job!;
    expect(await runJobNow({ jobId: job.id })).toMatchObject({ status: "SUCCEEDED" });
    expect((await db.scene.findUniqueOrThrow({ where: { id: a.scene.id } })).status).toBe("READY");

    // Someone else's failed conversion is not restarted by another person's upload of the same bytes.
    const other = await acceptSceneUpload({ actor: analyst, siteId, staged: await stageLocalFile(path.join(IMAGERY, "generated/l7-float64.tif")), metadata: meta });
    await cancelJob({ jobId: other.job!.id, user: analyst });
    await expect(acceptSceneUpload({ actor: editor, siteId, staged: await stageLocalFile(path.join(IMAGERY, "generated/l7-float64.tif")), metadata: meta })).rejects.toThrow(
      /uploaded before by someone else and its conversion failed \(the conversion was cancelled\); they or an admin can retry it/,
    );
    expect(fs.readdirSync(path.join(config.storeDir, ".tmp"))).toEqual([]);
  });

  it("a FAILED scene is deleted with its staged upload, and leaves no row", async () => {
    const accepted = await acceptSceneUpload({ actor: analyst, siteId, staged: await stageLocalFile(path.join(IMAGERY, "generated/l7-uint32.tif")), metadata: meta });
    await expect(deleteScene({ sceneId: accepted.scene.id, user: analyst })).rejects.toThrow(/still being converted; cancel its conversion first/);
    await cancelJob({ jobId: accepted.job!.id, user: analyst });
    await deleteScene({ sceneId: accepted.scene.id, user: analyst });
    expect(await db.scene.count({ where: { id: accepted.scene.id } })).toBe(0);
    expect(fs.readdirSync(path.join(config.storeDir, ".staging"))).not.toContain(`${accepted.scene.sha256}.tif`);
  });
});

describe("the same file uploaded again", () => {
  const file = path.join(IMAGERY, "generated/l7-tiled-deflate.tif");
  const stored = { acquiredAt: "2001-07-15T12:30:00Z", sensor: "Landsat 7 ETM+", license: "Apache-2.0", attribution: "Test" };

  it("for another date, sensor or licence is refused with 409 naming the scene it already is and its site; nothing is created, linked or left behind", async () => {
    const first = await ingestStagedScene({ actor: analyst, siteId, staged: await stageLocalFile(file), metadata: stored });
    const home = await db.site.findUniqueOrThrow({ where: { id: siteId } });
    const otherSite = await createSite({ input: buildSite(), actor: analyst });
    const before = { files: storedFiles(), scenes: await db.scene.count(), links: await db.siteScene.count(), jobs: await db.job.count() };
    const cases: [Record<string, string>, RegExp][] = [
      [{ acquiredAt: "2004-02-03" }, /you gave acquisition date 2004-02-03\./],
      [{ sensor: "Sentinel-2A" }, /you gave sensor "Sentinel-2A"\./],
      [{ license: "CC0-1.0", acquiredAt: "2001-07-15T12:31:00Z" }, /you gave acquisition date 2001-07-15 12:31 UTC, licence CC0-1\.0\./],
    ];
    for (const [typed, says] of cases) {
      const error = await acceptSceneUpload({ actor: analyst, siteId: otherSite.id, staged: await stageLocalFile(file), metadata: { ...stored, ...typed } }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DomainError);
      expect(HTTP_STATUS[(error as DomainError).code]).toBe(409);
      const message = (error as DomainError).message;
      expect(message).toContain(`l7-tiled-deflate.tif: this file is already the scene of 2001-07-15 12:30 UTC (Landsat 7 ETM+, licence Apache-2.0) at ${home.name}`);
      expect(message).toMatch(says);
      expect((error as DomainError).details).toMatchObject({ scene: { id: first.scene.id, acquiredAt: "2001-07-15T12:30:00.000Z", sites: [home.name] } });
    }
    expect({ files: storedFiles(), scenes: await db.scene.count(), links: await db.siteScene.count(), jobs: await db.job.count() }).toEqual(before);
    expect(fs.readdirSync(path.join(config.storeDir, ".tmp"))).toEqual([]);
  });

  it("with the same date, sensor (or none) and licence is linked to the other site as that scene", async () => {
    const scene = await db.scene.findFirstOrThrow({ where: { originalFilename: "l7-tiled-deflate.tif" } });
    const otherSite = await createSite({ input: buildSite(), actor: analyst });
    // Case of the SPDX id, a blank sensor and another attribution line do not make it another observation.
    const linked = await acceptSceneUpload({
      actor: analyst,
      siteId: otherSite.id,
      staged: await stageLocalFile(file),
      metadata: { acquiredAt: "2001-07-15T12:30:00Z", license: "apache-2.0", attribution: "someone else" },
    });
    expect(linked).toMatchObject({ deduplicated: true, job: null, scene: { id: scene.id, sensor: "Landsat 7 ETM+", license: "Apache-2.0" } });
    expect(await db.siteScene.count({ where: { sceneId: scene.id } })).toBe(2);
    expect(await db.scene.count({ where: { sha256: scene.sha256 } })).toBe(1);
  });
});
