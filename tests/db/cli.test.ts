// The `sitewatch` command as users' scripts call it: exit codes, one line on
// stderr for bad input, and nothing left behind by a refused file.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { config } from "@/lib/config.server";
import { db } from "@/lib/db.server";
import { createSite } from "@/lib/sites/create-site.server";
import { buildSite, createUser } from "../factories";
import { cloudySceneFile } from "../factories/cloudy-scene";
import { IMAGERY, ROOT } from "../setup/paths";

function sitewatch(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [path.join(ROOT, "bin", "sitewatch.mjs"), ...args], { cwd: ROOT, env: process.env, input, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function storedFiles(): string[] {
  if (!fs.existsSync(config.storeDir)) return [];
  return fs
    .readdirSync(config.storeDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name);
}

let slug: string;
beforeAll(async () => {
  const admin = await createUser("ADMIN");
  slug = (await createSite({ actor: admin, input: buildSite() })).slug;
});

describe("sitewatch inspect", () => {
  it("prints the contract's JSON for a real file", () => {
    const r = sitewatch(["inspect", path.join(IMAGERY, "L7_ETMs.tif"), "--json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out).sort()).toEqual(["bands", "bbox", "crs", "dataType", "footprint", "height", "isCog", "nodata", "width"]);
    expect(out).toMatchObject({ width: 349, height: 352, bands: 6, dataType: "Byte", crs: "EPSG:31985", nodata: null });
    expect(out.footprint.type).toBe("Polygon");
  });

  it("exits 2 with one line naming the file for a missing argument or a bad file", () => {
    const bad = sitewatch(["inspect", path.join(IMAGERY, "bad", "not-a-tiff.tif"), "--json"]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(bad.stderr).toMatch(/not-a-tiff\.tif: not a TIFF/);
    const usage = sitewatch(["inspect"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr.trim().split("\n")).toHaveLength(1);
  });
});

describe("sitewatch cog", () => {
  it("writes a cloud-optimised copy that reads back with the same size and CRS, and says what it wrote", () => {
    const dir = fs.mkdtempSync(path.join(ROOT, "tests/.tmp/cog-"));
    const out = path.join(dir, "olinda.cog.tif");
    const r = sitewatch(["cog", path.join(IMAGERY, "generated/l7-multilevel-rgb-tiled.tif"), out, "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      width: 1100,
      height: 700,
      bands: 3,
      overviews: [
        [550, 350],
        [275, 175],
      ],
    });
    const back = JSON.parse(sitewatch(["inspect", out, "--json"]).stdout);
    expect(back).toMatchObject({ width: 1100, height: 700, bands: 3, crs: "EPSG:31985", isCog: true });
    expect(fs.readdirSync(dir)).toEqual(["olinda.cog.tif"]);
  });

  const refused = ["bad", "hostile"].flatMap((dir) => fs.readdirSync(path.join(IMAGERY, dir)).map((f) => `${dir}/${f}`));
  it.each(refused)("refuses %s: exit 2, one line naming the file, no output", (file) => {
    const dir = fs.mkdtempSync(path.join(ROOT, "tests/.tmp/cog-bad-"));
    const r = sitewatch(["cog", path.join(IMAGERY, file), path.join(dir, "out.tif")]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain(path.basename(file));
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("exits 2 for missing arguments", () => {
    const r = sitewatch(["cog", path.join(IMAGERY, "L7_ETMs.tif")]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });
});

describe("sitewatch tiles", () => {
  it("renders a zoom range of a file as z/x/y.webp and skips tiles that miss the image", () => {
    const dir = fs.mkdtempSync(path.join(ROOT, "tests/.tmp/tiles-"));
    const r = sitewatch(["tiles", path.join(IMAGERY, "L7_ETMs.tif"), dir, "--zoom", "11-13", "--bands", "3,2,1", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.tiles).toBeGreaterThanOrEqual(1 + 2 + 4);
    const files = fs
      .readdirSync(dir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith(".webp"));
    expect(files).toHaveLength(out.tiles);
    expect(files.every((f) => /^1[1-3]\/\d+\/\d+\.webp$/.test(f))).toBe(true);
    expect(fs.readFileSync(path.join(dir, files[0]!)).subarray(8, 12).toString()).toBe("WEBP");
  });

  it("exits 2 with one line for a bad zoom or band", () => {
    for (const extra of [
      ["--zoom", "16-12"],
      ["--zoom", "12", "--bands", "1,2"],
    ]) {
      const r = sitewatch(["tiles", path.join(IMAGERY, "L7_ETMs.tif"), "tests/.tmp/never", ...extra]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
  });
});

describe("sitewatch ingest", () => {
  const hostile = ["bad", "hostile"].flatMap((dir) => fs.readdirSync(path.join(IMAGERY, dir)).map((f) => `${dir}/${f}`));
  for (const file of hostile) {
    it(`refuses ${file}: exit 2, one line on stderr, no file, no row`, async () => {
      const before = { files: storedFiles(), rows: await db.scene.count() };
      const r = sitewatch(["ingest", path.join(IMAGERY, file), "--site", slug, "--acquired", "2020-01-01"]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toContain(path.basename(file));
      expect(storedFiles()).toEqual(before.files);
      expect(await db.scene.count()).toBe(before.rows);
    });
  }

  it("adds a real scene to the site", async () => {
    const r = sitewatch([
      "ingest",
      path.join(IMAGERY, "L7_ETMs.tif"),
      "--site",
      slug,
      "--acquired",
      "2001-07-15T12:30:00Z",
      "--sensor",
      "Landsat 7 ETM+",
      "--license",
      "Apache-2.0",
      "--attribution",
      "USGS",
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const { id, sha256 } = JSON.parse(r.stdout);
    const scene = await db.scene.findUniqueOrThrow({ where: { id }, include: { sites: { include: { site: true } } } });
    expect(scene.sha256).toBe(sha256);
    expect(scene.sites.map((s) => s.site.slug)).toEqual([slug]);
    expect(storedFiles()).toContain(sha256);
    expect(scene.cogSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(storedFiles()).toContain(scene.cogSha256);
    // Converted in its own process, without a worker: the scene is ready and its job ended.
    expect(scene.status).toBe("READY");
    expect(await db.job.findUniqueOrThrow({ where: { id: scene.conversionJobId! } })).toMatchObject({ kind: "convert-scene", status: "SUCCEEDED" });
  });

  it("exits 2 for an unknown site", () => {
    const r = sitewatch(["ingest", path.join(IMAGERY, "L7_ETMs.tif"), "--site", "no-such-site", "--acquired", "2001-07-15"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no site "no-such-site"/);
  });
});

describe("sitewatch worker and store", () => {
  it("refuses a bad --concurrency or a stray argument with one line, exit 2", () => {
    for (const args of [["--concurrency", "0"], ["--concurrency", "two"], ["extra"]]) {
      const r = sitewatch(["worker", ...args]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
      expect(r.stderr).toMatch(/^sitewatch: (--concurrency must|worker takes no file names)/);
    }
  });

  it("store sweep removes a dead process's temp file and keeps a live one's", () => {
    const tmp = path.join(config.storeDir, ".tmp");
    fs.mkdirSync(tmp, { recursive: true });
    const host = os
      .hostname()
      .replace(/[^A-Za-z0-9-]/g, "-")
      .slice(0, 60);
    // This test process is alive; pid 2^22 + 1 is above Linux's pid limit, so never alive.
    const own = fs.readFileSync(`/proc/${process.pid}/stat`, "utf8");
    const start = own.slice(own.lastIndexOf(")") + 2).split(" ")[19];
    const alive = `${host}.${process.pid}.${start}.live.part`;
    const dead = `${host}.4194305.1.dead.part`;
    for (const f of [alive, dead]) fs.writeFileSync(path.join(tmp, f), "x");
    const r = sitewatch(["store", "sweep"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^removed 1 temp file\(s\)/);
    expect(fs.readdirSync(tmp).sort()).toEqual([alive]);
    fs.rmSync(path.join(tmp, alive));
  });
});

describe("sitewatch scenes convert", () => {
  it("gives a scene stored before conversion existed its cloud-optimised copy, and leaves its original alone", async () => {
    const r0 = sitewatch(["ingest", path.join(IMAGERY, "generated/l7-uint16.tif"), "--site", slug, "--acquired", "2010-01-01"]);
    expect(r0.code).toBe(0);
    const { id, sha256 } = JSON.parse(r0.stdout);
    // As an older Sitewatch left it: the original only.
    await db.scene.update({ where: { id }, data: { cogSha256: null, cogByteSize: null } });
    const r = sitewatch(["scenes", "convert"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`ok ${id}`);
    const scene = await db.scene.findUniqueOrThrow({ where: { id } });
    expect(scene.sha256).toBe(sha256);
    expect(scene.cogSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(storedFiles()).toContain(scene.cogSha256);
    expect(sitewatch(["scenes", "convert"]).stdout).toContain("every scene already has its cloud-optimised copy");
  });
});

describe("sitewatch user create", () => {
  it("creates an account with a password from stdin, and refuses a duplicate", async () => {
    const r = sitewatch(["user", "create", "--email", "New.Editor@Example.org", "--role", "editor"], "a long enough password\n");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("created editor new.editor@example.org");
    expect(r.stdout).not.toContain("password");
    const user = await db.user.findUniqueOrThrow({ where: { email: "new.editor@example.org" } });
    expect(user.role).toBe("EDITOR");
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    const again = sitewatch(["user", "create", "--email", "new.editor@example.org", "--role", "editor"], "a long enough password\n");
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists/);
  });

  it("generates and prints a password once when none is given, and refuses an unknown role", () => {
    const r = sitewatch(["user", "create", "--email", "gen@example.org", "--role", "analyst"], "");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/password \(shown once\): \S{20,}/);
    const bad = sitewatch(["user", "create", "--email", "x@example.org", "--role", "superuser"], "");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/role must be analyst, editor or admin/);
  });
});

/** A folder with aoi.geojson: a square around Olinda larger than the Landsat fixture. */
function olindaAoi(): { dir: string; aoi: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "detect-cli-"));
  const aoi = path.join(dir, "aoi.geojson");
  fs.writeFileSync(
    aoi,
    JSON.stringify({
      type: "Polygon",
      coordinates: [
        [
          [-35, -8.1],
          [-34.7, -8.1],
          [-34.7, -7.9],
          [-35, -7.9],
          [-35, -8.1],
        ],
      ],
    }),
  );
  return { dir, aoi };
}

describe("sitewatch detect", () => {
  it("writes the candidates, then the cloud and shadow areas marked cloud: true, and says what it did", async () => {
    const { aoi, dir } = olindaAoi();
    const out = path.join(dir, "candidates.geojson");
    // The whole fixture: a square around Olinda larger than the scene.
    const r = sitewatch(["detect", path.join(IMAGERY, "L7_ETMs.tif"), await cloudySceneFile(), "--aoi", aoi, "--out", out, "--nir", "4", "--red", "3"]);
    expect(r.code, r.stderr).toBe(0);
    const features = (JSON.parse(fs.readFileSync(out, "utf8")) as { features: { properties: { cloud?: boolean; kind?: string; score: number; areaM2: number } }[] }).features;
    const changes = features.filter((f) => !f.properties.cloud);
    const clouds = features.filter((f) => f.properties.cloud === true);
    expect(changes).toHaveLength(1);
    expect(clouds.length).toBeGreaterThanOrEqual(1);
    for (const f of features) expect(f.properties.areaM2).toBeGreaterThan(0);
    expect(r.stdout).toMatch(/1 candidate and \d+ cloud or shadow areas? not compared \(cloud: true\)/);
    expect(r.stdout).toMatch(/not re-registered: already registered/);
  });

  it("refuses --nir without --red in one line", () => {
    const r = sitewatch(["detect", "a.tif", "b.tif", "--aoi", "x.geojson", "--out", "o.geojson", "--nir", "4"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/--nir and --red go together/);
  });
});

describe("sitewatch detect-series", () => {
  it("gives each change the last scene before it and the first after it, from FILE@DATE arguments in any order", async () => {
    const { aoi, dir } = olindaAoi();
    const out = path.join(dir, "series.geojson");
    fs.writeFileSync(
      aoi,
      JSON.stringify({
        type: "Polygon",
        coordinates: [
          [
            [-35, -8.1],
            [-34.7, -8.1],
            [-34.7, -7.9],
            [-35, -7.9],
            [-35, -8.1],
          ],
        ],
      }),
    );
    const l7 = path.join(IMAGERY, "L7_ETMs.tif");
    const roof = await cloudySceneFile();
    const r = sitewatch(["detect-series", `${roof}@2003-02-01`, `${l7}@2001-07-15`, `${l7}@2002-03-10`, "--aoi", aoi, "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    const features = (JSON.parse(fs.readFileSync(out, "utf8")) as { features: { properties: Record<string, unknown> }[] }).features.filter((f) => !f.properties.cloud);
    expect(features).toHaveLength(1);
    expect(features[0]!.properties).toMatchObject({ beforeDate: "2002-03-10T00:00:00.000Z", afterDate: "2003-02-01T00:00:00.000Z", narrowed: true });
    expect(r.stdout).toMatch(/1 change across 3 scenes, 1 dated between neighbouring scenes/);
  });

  it("asks for a date the file does not carry, in one line", () => {
    const l7 = path.join(IMAGERY, "L7_ETMs.tif");
    const r = sitewatch(["detect-series", l7, `${l7}@2002-01-01`, "--aoi", "x.geojson", "--out", "o.geojson"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/no acquisition date in the file; give it as .*L7_ETMs\.tif@YYYY-MM-DD/);
  });
});
