// A scene whose footprint misses its site's is refused at upload with the
// distance, and nothing is stored, unless the analyst confirms it belongs there.
import fs from "node:fs";
import path from "node:path";
import { distance } from "@turf/turf";
import { beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/lib/auth/session.server";
import { config } from "@/lib/config.server";
import { db } from "@/lib/db.server";
import { DomainError, HTTP_STATUS } from "@/lib/errors";
import { acceptSceneUpload } from "@/lib/scenes/accept-scene-upload.server";
import { ingestStagedScene } from "@/lib/scenes/ingest-scene.server";
import { stageLocalFile } from "@/lib/scenes/stage-upload.server";
import { createSite } from "@/lib/sites/create-site.server";
import { inspectGeoTiff } from "@/imagery/inspect";
import { buildSite, buildSquare, createUser } from "../factories";
import { IMAGERY } from "../setup/paths";

const L7 = path.join(IMAGERY, "L7_ETMs.tif");
const meta = { acquiredAt: "2001-07-15T10:00:00Z", license: "CC-BY-4.0", attribution: "Test" };
let analyst: SessionUser;
let east: number;
let lat: number;

const storedFiles = () =>
  fs.existsSync(config.storeDir)
    ? fs
        .readdirSync(config.storeDir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => e.name)
    : [];

beforeAll(async () => {
  analyst = await createUser("ANALYST");
  const d = await inspectGeoTiff(L7);
  east = d.bbox[2];
  lat = (d.bbox[1] + d.bbox[3]) / 2;
});

/** A site 0.1° east of the scene's east edge: about 11 km away at Olinda's latitude. */
const farSite = async () => (await createSite({ input: buildSite({ footprint: buildSquare(east + 0.1, lat - 0.01, 0.02) }), actor: analyst })).id;

describe("a scene that lands away from its site", () => {
  it("is refused with 409 and the distance, leaving no file, row or job", async () => {
    const siteId = await farSite();
    const before = { files: storedFiles(), scenes: await db.scene.count(), jobs: await db.job.count() };
    const error = (await acceptSceneUpload({ actor: analyst, siteId, staged: await stageLocalFile(L7), metadata: meta }).catch((e: unknown) => e)) as DomainError;
    expect(error).toBeInstanceOf(DomainError);
    expect(HTTP_STATUS[error.code]).toBe(409);
    // The nearest points are the scene's east edge and the site's west edge, 0.1° of longitude apart.
    const expected = distance([east, lat], [east + 0.1, lat], { units: "meters" });
    const { distanceM } = (error.details as { offSite: { distanceM: number } }).offSite;
    expect(Math.abs(distanceM - expected)).toBeLessThan(0.01 * expected);
    expect(error.message).toMatch(/^L7_ETMs\.tif does not overlap the site "Test site [^"]+": its footprint lies 11(\.\d)? km from the site's/);
    expect({ files: storedFiles(), scenes: await db.scene.count(), jobs: await db.job.count() }).toEqual(before);
    expect(await db.siteScene.count({ where: { siteId } })).toBe(0);
  });

  it("is taken in when the analyst confirms it belongs to the site", async () => {
    const siteId = await farSite();
    const { scene } = await ingestStagedScene({ actor: analyst, siteId, staged: await stageLocalFile(L7), metadata: { ...meta, confirmOffSite: "true" } as never });
    expect(scene.status).toBe("READY");
    expect(await db.siteScene.count({ where: { siteId } })).toBe(1);
  });

  it("already stored for another site, is not linked to a far site without the same confirmation", async () => {
    const near = (await createSite({ input: buildSite(), actor: analyst })).id;
    await ingestStagedScene({ actor: analyst, siteId: near, staged: await stageLocalFile(L7), metadata: meta });
    const far = await farSite();
    await expect(acceptSceneUpload({ actor: analyst, siteId: far, staged: await stageLocalFile(L7), metadata: meta })).rejects.toThrow(/does not overlap the site/);
    expect(await db.siteScene.count({ where: { siteId: far } })).toBe(0);
    await acceptSceneUpload({ actor: analyst, siteId: far, staged: await stageLocalFile(L7), metadata: { ...meta, confirmOffSite: true } as never });
    expect(await db.siteScene.count({ where: { siteId: far } })).toBe(1);
  });
});
