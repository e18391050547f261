// Evidence that stands up (issue 18): every review event is a link of its
// site's hash chain; publishing signs the release (and refuses, writing
// nothing, without a usable key); a release archive exports byte-identically,
// verifies with `sitewatch verify` and with the standard-tools script of
// docs/verify.md, and every kind of tampering is named; an SQL edit behind the
// app's back is found by `sitewatch audit verify`.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { unzipSync, zipSync } from "fflate";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/lib/auth/session.server";
import { config } from "@/lib/config.server";
import { db } from "@/lib/db.server";
import { auditChains } from "@/lib/evidence/audit-chains.server";
import { exportReleaseArchive } from "@/lib/evidence/export-release-archive.server";
import { activeSigner, initKeyring, publicKeys, rotateKeyring } from "@/lib/evidence/keyring.server";
import { manifestText, verifyArchive, type TrustedKey } from "@/lib/evidence/release-archive";
import { sha256Hex, signBytes, verifyBytes } from "@/lib/evidence/signing";
import { VERIFY_SCRIPT } from "@/lib/evidence/verify-recipe";
import { getChangeCustody } from "@/lib/evidence/get-change-custody.server";
import { getPublicChip } from "@/lib/evidence/get-public-chip.server";
import { getPublicSite } from "@/lib/publish/public-read.server";
import { getPublicTile, tileLineageKey } from "@/lib/publish/public-tiles.server";
import { toSceneView } from "@/lib/scenes/scene-view";
import { getTileCache } from "@/lib/storage/tile-cache.server";
import { geometryBbox } from "@/lib/geo/bbox";
import { tilesCovering } from "@/imagery/tiles/web-mercator";
import { IMAGERY_WRITER } from "@/imagery/writer";
import { publishRelease } from "@/lib/releases/publish-release.server";
import { createAnnotationIn, createSiteWithScenes, createUser } from "../factories";

const ORIGIN = "https://sitewatch.example.org";
const CLI = path.resolve(import.meta.dirname, "../../bin/sitewatch.mjs");
const dir = () => process.env.SITEWATCH_DATA_DIR!;

let analyst: SessionUser;
let editor: SessionUser;
let editor2: SessionUser;
let slug = "";
let siteId = "";
let zip: Uint8Array;
let trusted: TrustedKey[];
let beforeSceneId = "";

const cli = (args: string[], env: Record<string, string> = {}) => spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", env: { ...process.env, ...env } });

/** The archive's files, changed by `edit`, packed again; the manifest re-signed with `resign` when given (a forger with that key). */
function tampered(edit: (files: Record<string, Uint8Array>) => void, resign?: { keyId: string; sign: (text: string) => Buffer }): Uint8Array {
  const files: Record<string, Uint8Array> = unzipSync(zip);
  edit(files);
  if (resign) {
    const manifest = JSON.parse(Buffer.from(files["manifest.json"]!).toString()) as { site: string; release: number };
    const list = Object.entries(files)
      .filter(([p]) => p !== "manifest.json" && p !== "manifest.sig")
      .map(([p, b]) => ({ path: p, sha256: sha256Hex(b), bytes: b.length }));
    const text = manifestText({ site: manifest.site, release: manifest.release, keyId: resign.keyId, files: list });
    files["manifest.json"] = Buffer.from(text);
    files["manifest.sig"] = resign.sign(text);
  }
  return zipSync(files as Parameters<typeof zipSync>[0]);
}

const flipByte = (b: Uint8Array, at = Math.floor(b.length / 2)) => {
  const c = Buffer.from(b);
  c[at] = c[at]! ^ 0x01;
  return c;
};

beforeAll(async () => {
  analyst = await createUser("ANALYST", "Ana Analyst");
  editor = await createUser("EDITOR", "Eli Editor");
  editor2 = await createUser("EDITOR", "Erin Editor");
  const ctx = await createSiteWithScenes(analyst);
  slug = ctx.site.slug;
  siteId = ctx.site.id;
  const scenes = { before: ctx.before, after: ctx.after };
  // The before image's licence allows public display; the after image's does not.
  await db.scene.update({ where: { id: ctx.before.id }, data: { publicDisplay: true } });
  beforeSceneId = ctx.before.id;
  for (const description of ["a new wall", "a burned roof", "a cleared field"]) {
    await createAnnotationIn("APPROVED", { siteId, author: analyst, reviewer: editor, scenes, input: { description } });
  }
  await createAnnotationIn("SUBMITTED", { siteId, author: analyst, scenes, input: { description: "UNPUBLISHED work in review" } });
  await publishRelease({ siteId, actor: editor2, input: { note: "First" } });
  zip = (await exportReleaseArchive({ slug, number: 1, origin: ORIGIN })).bytes;
  trusted = publicKeys().map((k) => ({ id: k.id, publicKeyPem: k.publicKeyPem }));
});

describe("the review record and the release's signature", () => {
  it("makes every event a link of its site's chain, in order, and the release records its head", async () => {
    const events = await db.reviewEvent.findMany({ where: { siteId }, orderBy: { sequence: "asc" } });
    // Three changes created, submitted, approved and published; one created and submitted.
    expect(events).toHaveLength(3 * 4 + 2);
    expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));
    for (const [i, e] of events.entries()) if (i > 0) expect(e.prevHash).toBe(events[i - 1]!.hash);
    const release = await db.release.findFirstOrThrow({ where: { siteId } });
    expect(release.chainLength).toBe(events.length);
    expect(release.chainHead).toBe(events.at(-1)!.hash);
    expect((await auditChains()).ok).toBe(true);
  });

  it("signs the release: the public view carries a signature that verifies with the published key over the snapshot's sha256", async () => {
    const view = await getPublicSite({ slug, releaseNumber: 1 });
    const key = publicKeys().find((k) => k.id === view.signature!.keyId)!;
    expect(verifyBytes(key.publicKeyPem, view.signature!.payload, view.signature!.signature)).toBe(true);
    expect(JSON.parse(view.signature!.payload)).toMatchObject({ site: slug, release: 1, snapshotSha256: view.snapshotSha256, installation: "Sitewatch" });
    expect(verifyBytes(key.publicKeyPem, view.signature!.payload.replace('"release":1', '"release":2'), view.signature!.signature)).toBe(false);
  });

  it("refuses to publish without a usable key, with one clear line, and writes nothing", async () => {
    const ctx = await createSiteWithScenes(analyst);
    await createAnnotationIn("APPROVED", { siteId: ctx.site.id, author: analyst, reviewer: editor, scenes: { before: ctx.before, after: ctx.after } });
    const eventsBefore = await db.reviewEvent.count();
    const noKeys = path.join(dir(), "no-keys");
    const broken = path.join(dir(), "broken-keys");
    const active = initKeyring(broken).keyId;
    const garbled = path.join(dir(), "garbled-keys");
    fs.cpSync(broken, garbled, { recursive: true });
    fs.writeFileSync(path.join(garbled, `${active}.key.pem`), "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n");
    fs.rmSync(path.join(broken, `${active}.key.pem`));
    const cases: [string, RegExp][] = [
      [noKeys, /cannot sign the release: no release-signing key in .*no-keys \(run `sitewatch keys init`/],
      [broken, /cannot sign the release: the private key .* is missing/],
      [garbled, /cannot sign the release: the private key .* is not a valid key/],
    ];
    for (const [keys, message] of cases) {
      process.env.SITEWATCH_KEYS_DIR = keys;
      try {
        await expect(publishRelease({ siteId: ctx.site.id, actor: editor2, input: { note: "Unsigned" } })).rejects.toThrow(message);
      } finally {
        delete process.env.SITEWATCH_KEYS_DIR;
      }
    }
    expect(await db.release.count({ where: { siteId: ctx.site.id } })).toBe(0);
    expect(await db.annotation.count({ where: { siteId: ctx.site.id, status: "APPROVED" } })).toBe(1);
    expect(await db.reviewEvent.count()).toBe(eventsBefore);
  });
});

describe("a release archive", () => {
  it("is the same bytes when exported twice, and verifies", async () => {
    const again = (await exportReleaseArchive({ slug, number: 1, origin: ORIGIN })).bytes;
    expect(Buffer.compare(Buffer.from(again), Buffer.from(zip))).toBe(0);
    const report = verifyArchive(zip, trusted);
    expect(report).toMatchObject({ ok: true, problem: null });
    expect(report.checked.join("\n")).toMatch(/review record: 14 linked events/);
    const files = unzipSync(zip);
    // Public fields only: work still in review is a bare link.
    expect(Buffer.from(files["events.json"]!).toString()).not.toMatch(/UNPUBLISHED|Ana Analyst|actorId|comment/);
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining(["snapshot.json", "scenes.json", "changes.csv", "stac/catalog.json", "methodology.md", "manifest.sig", "README.txt"]),
    );
    const scenes = JSON.parse(Buffer.from(files["scenes.json"]!).toString()) as { original: { sha256: string }; cog: { derivedFrom: string } | null }[];
    for (const s of scenes) expect(s.original.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("names every kind of tampering", () => {
    const check = (bytes: Uint8Array, keys = trusted) => verifyArchive(bytes, keys).problem;
    const { keyId, privateKey } = activeSigner();
    const realKey = { keyId, sign: (text: string) => Buffer.from(signBytes(privateKey, text), "base64") };
    // One byte of any file.
    for (const name of Object.keys(unzipSync(zip))) {
      const problem = check(tampered((f) => (f[name] = flipByte(f[name]!))));
      expect(problem, name).not.toBeNull();
      if (name === "manifest.json" || name === "manifest.sig") expect(problem).toMatch(/manifest\.sig is not a valid signature|not a Sitewatch archive manifest|signed with key/);
      else expect(problem).toBe(`${name} was altered (its sha256 is not the manifest's)`);
    }
    // A file removed; one added.
    expect(check(tampered((f) => delete f["changes.csv"]))).toBe("changes.csv is listed in the manifest but missing from the archive");
    expect(check(tampered((f) => (f["extra.txt"] = Buffer.from("x"))))).toBe("extra.txt is in the archive but not in the manifest");
    // Consistent manifests made with the real key (as by someone holding it, or a bug): the deeper checks still hold.
    expect(check(tampered((f) => (f["snapshot.json"] = flipByte(f["snapshot.json"]!)), realKey))).toBe("snapshot.json is not the snapshot that was signed (sha256 differs)");
    expect(check(tampered((f) => (f["release-signature.sig"] = flipByte(f["release-signature.sig"]!, 3)), realKey))).toMatch(/^the release's signature does not verify/);
    const reordered = (f: Record<string, Uint8Array>) => {
      const lines = Buffer.from(f["chain.txt"]!).toString().trimEnd().split("\n");
      [lines[3], lines[4]] = [lines[4]!, lines[3]!];
      f["chain.txt"] = Buffer.from(`${lines.join("\n")}\n`);
    };
    expect(check(tampered(reordered, realKey))).toMatch(/^the review record is broken: link 3 is missing or out of order/);
    // Signed with another key: not one the verifier trusts, whatever id it claims.
    const forgerDir = path.join(dir(), "forger-keys");
    initKeyring(forgerDir);
    const forger = activeSigner(forgerDir);
    const forgerSign = (text: string) => Buffer.from(signBytes(forger.privateKey, text), "base64");
    expect(check(tampered((f) => (f["changes.csv"] = Buffer.from("forged\n")), { keyId: forger.keyId, sign: forgerSign }))).toMatch(
      new RegExp(`signed with key ${forger.keyId}, which is not among the keys you trust`),
    );
    expect(check(tampered((f) => (f["changes.csv"] = Buffer.from("forged\n")), { keyId, sign: forgerSign }))).toBe(
      `manifest.sig is not a valid signature of manifest.json by key ${keyId}`,
    );
    expect(check(Buffer.from("not a zip"))).toMatch(/^not a readable zip archive/);
  });

  it("verifies with `sitewatch verify` and with the standard-tools script; both name a tampered archive invalid", () => {
    const work = fs.mkdtempSync(path.join(dir(), "verify-"));
    const good = path.join(work, "good.zip");
    const bad = path.join(work, "bad.zip");
    const key = path.join(work, "key.pem");
    const script = path.join(work, "verify.sh");
    // The export command writes the same bytes as the route's function.
    const exported = cli(["release", "export", slug, "1", good, "--origin", ORIGIN]);
    expect(exported.status, exported.stderr).toBe(0);
    expect(Buffer.compare(fs.readFileSync(good), Buffer.from(zip))).toBe(0);
    fs.writeFileSync(
      bad,
      tampered((f) => (f["changes.geojson"] = flipByte(f["changes.geojson"]!))),
    );
    fs.writeFileSync(key, trusted[0]!.publicKeyPem);
    fs.writeFileSync(script, VERIFY_SCRIPT);

    const ok = cli(["verify", good, "--key", key]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^VALID/m);
    const invalid = cli(["verify", bad, "--key", key]);
    expect(invalid.status).toBe(1);
    expect(invalid.stdout).toMatch(/^INVALID: changes\.geojson was altered/m);

    expect(execFileSync("sh", [script, good, key], { encoding: "utf8" })).toMatch(/^VALID: every file, both signatures, the snapshot and 14 linked review events$/m);
    const scripted = spawnSync("sh", [script, bad, key], { encoding: "utf8" });
    expect(scripted.status).toBe(1);
    expect(scripted.stdout).toMatch(/INVALID: a file differs from the manifest/);
    const reordered = path.join(work, "reordered.zip");
    const { keyId, privateKey } = activeSigner();
    fs.writeFileSync(
      reordered,
      tampered(
        (f) => {
          const lines = Buffer.from(f["chain.txt"]!).toString().trimEnd().split("\n");
          [lines[3], lines[4]] = [lines[4]!, lines[3]!];
          f["chain.txt"] = Buffer.from(`${lines.join("\n")}\n`);
        },
        { keyId, sign: (t) => Buffer.from(signBytes(privateKey, t), "base64") },
      ),
    );
    expect(spawnSync("sh", [script, reordered, key], { encoding: "utf8" }).stdout).toMatch(/INVALID: link 3 of the review record is missing or out of order/);
  });

  it("still verifies after the key is rotated: the old public key stays published", async () => {
    const before = activeSigner().keyId;
    const { retired, keyId } = rotateKeyring();
    expect(retired).toBe(before);
    const keys = publicKeys();
    expect(keys.map((k) => k.id)).toEqual([before, keyId]);
    const rotated = (await exportReleaseArchive({ slug, number: 1, origin: ORIGIN })).bytes;
    expect(
      verifyArchive(
        rotated,
        keys.map((k) => ({ id: k.id, publicKeyPem: k.publicKeyPem })),
      ),
    ).toMatchObject({ ok: true });
    // The release's own signature is still the one made at publication, with the retired key.
    expect(JSON.parse(Buffer.from(unzipSync(rotated)["release-signature.json"]!).toString()).keyId).toBe(before);
  });
});

describe("image chips of each claim", () => {
  it("draws a before and an after chip of every published change, named in the snapshot by sha256", async () => {
    const { snapshot } = await getPublicSite({ slug, releaseNumber: 1 });
    expect(snapshot.changes).toHaveLength(3);
    for (const c of snapshot.changes) {
      for (const role of ["before", "after"] as const) {
        const ref = c.chips![role]!;
        const row = await db.evidenceChip.findUniqueOrThrow({ where: { sha256: ref.sha256 } });
        expect(sha256Hex(row.png)).toBe(ref.sha256);
        const meta = await sharp(Buffer.from(row.png)).metadata();
        expect([meta.format, meta.width, meta.height]).toEqual(["png", ref.width, ref.height]);
        // The imagery part shows the scene (not an empty frame): many colours.
        const { data } = await sharp(Buffer.from(row.png)).extract({ left: 0, top: 0, width: 512, height: 512 }).raw().toBuffer({ resolveWithObject: true });
        expect(new Set(Array.from({ length: 2000 }, (_, i) => data[i * 3 * 131]!)).size).toBeGreaterThan(20);
      }
    }
  });

  it("shows the public a chip only where the scene's licence allows display; the archive holds every chip with its licence", async () => {
    const { snapshot } = await getPublicSite({ slug, releaseNumber: 1 });
    const c = snapshot.changes[0]!;
    expect(c.beforeSceneId).toBe(beforeSceneId);
    expect((await getPublicChip({ slug, releaseNumber: 1, sha256: c.chips!.before!.sha256 })).length).toBeGreaterThan(1000);
    await expect(getPublicChip({ slug, releaseNumber: 1, sha256: c.chips!.after!.sha256 })).rejects.toThrow(/licence does not allow public display/);
    await expect(getPublicChip({ slug, releaseNumber: 1, sha256: "0".repeat(64) })).rejects.toThrow(/no image chip/);
    const files = unzipSync(zip);
    const listed = JSON.parse(Buffer.from(files["chips.json"]!).toString()) as { chips: { file: string; license: string; publicDisplay: boolean }[] };
    expect(listed.chips).toHaveLength(6);
    for (const chip of listed.chips) {
      expect(files[chip.file]).toBeDefined();
      expect(chip.license).toBe("Apache-2.0");
    }
    expect(listed.chips.filter((x) => !x.publicDisplay)).toHaveLength(3);
  });
});

describe("the lineage of derived imagery", () => {
  it("records the COG's parent and writer, and beside a rendering's tiles their parent and writer", async () => {
    const scene = await db.scene.findUniqueOrThrow({ where: { id: beforeSceneId } });
    const { lineage } = toSceneView(scene);
    expect(lineage.original.sha256).toBe(scene.sha256);
    expect(lineage.cog).toEqual({ sha256: scene.cogSha256, bytes: scene.cogByteSize, parent: scene.sha256, writer: `Sitewatch imagery engine ${IMAGERY_WRITER.version}` });
    // A reader's first tile of the published scene is drawn; its rendering's lineage is kept beside it.
    const [x, y] = tilesCovering(geometryBbox(JSON.parse(scene.footprint)), 13)[0]!;
    const tile = await getPublicTile({ sceneId: scene.id, z: "13", x: String(x), yFile: `${y}.webp`, renderKey: null, ifNoneMatch: null });
    expect(tile.status).toBe(200);
    const record = JSON.parse(String(await getTileCache().get(tileLineageKey(scene.cogSha256!, lineage.tiles!.renderKey)))) as {
      parent: { sha256: string };
      writer: { version: string };
    };
    expect(record.parent.sha256).toBe(scene.cogSha256);
    expect(record.writer).toEqual(IMAGERY_WRITER);
    expect(lineage.tiles).toEqual({ parent: scene.cogSha256, renderKey: expect.any(String), writer: `Sitewatch imagery engine ${IMAGERY_WRITER.version}` });
  });
});

describe("a change's chain of custody", () => {
  it("names every file with its hash, every decision with its link, and every release that carried it with its signature", async () => {
    const { snapshot } = await getPublicSite({ slug, releaseNumber: 1 });
    const c = snapshot.changes[0]!;
    const view = await getChangeCustody({ annotationId: c.id, actor: analyst });
    expect(view.files.map((f) => f.kind).sort()).toEqual(["chip", "chip", "cog", "cog", "original", "original"]);
    const scenes = await db.scene.findMany({ where: { id: { in: [c.beforeSceneId, c.afterSceneId] } } });
    for (const s of scenes) {
      expect(view.files).toContainEqual(expect.objectContaining({ kind: "original", sha256: s.sha256, by: "Ana Analyst" }));
      expect(view.files).toContainEqual(
        expect.objectContaining({ kind: "cog", sha256: s.cogSha256, derivedFrom: s.sha256, by: `Sitewatch imagery engine ${IMAGERY_WRITER.version}` }),
      );
    }
    expect(
      view.files
        .filter((f) => f.kind === "chip")
        .map((f) => f.sha256)
        .sort(),
    ).toEqual([c.chips!.before!.sha256, c.chips!.after!.sha256].sort());
    expect(view.events.map((e) => [e.action, e.actor])).toEqual([
      ["create", "Ana Analyst"],
      ["submit", "Ana Analyst"],
      ["approve", "Eli Editor"],
      ["publish", "Erin Editor"],
    ]);
    for (const e of view.events) expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
    const release = await db.release.findFirstOrThrow({ where: { siteId, number: 1 } });
    expect(view.releases).toEqual([expect.objectContaining({ number: 1, revision: 1, snapshotSha256: release.snapshotSha256, signingKeyId: release.signingKeyId })]);
    await expect(getChangeCustody({ annotationId: "c0000000000000000000000000", actor: analyst })).rejects.toThrow(/no change/);
  });
});

describe("sitewatch audit verify", () => {
  it("reports an intact record, then the first break of an edit made with SQL behind the app's back", async () => {
    const intact = cli(["audit", "verify"]);
    expect(intact.status, intact.stderr).toBe(0);
    expect(intact.stdout).toMatch(/^intact: /m);
    const third = await db.reviewEvent.findFirstOrThrow({ where: { siteId, sequence: 3 } });
    // The append-only trigger stops the app; someone with a SQL shell drops it first.
    await db.$executeRawUnsafe(
      config.databaseProvider === "postgresql" ? `DROP TRIGGER "ReviewEvent_append_only" ON "ReviewEvent"` : `DROP TRIGGER "ReviewEvent_append_only_update"`,
    );
    await db.$executeRawUnsafe(`UPDATE "ReviewEvent" SET "comment" = 'rewritten later' WHERE "id" = '${third.id}'`);
    const broken = cli(["audit", "verify"]);
    expect(broken.status).toBe(1);
    expect(broken.stderr.trim().split("\n")).toEqual([`sitewatch: the review record of ${slug} is broken: link 3 was altered (its hash does not match its content)`]);
  });
});
