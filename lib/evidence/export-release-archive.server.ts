// The archive of one published release (lib/evidence/release-archive.ts), read
// from the database: its snapshot exactly as stored and signed, the public data
// as served, scene metadata with the sha256 of each original and its COG, the
// site's review record up to the release (public fields of the published
// changes' events; links only for the rest), the installation's public keys,
// signed with the active key. `GET /sites/:slug/releases/:n/archive.zip` and
// `sitewatch release export` both call this, so they give the same bytes.
import { config } from "../config.server";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { changesCsv, changesFeatureCollection } from "../publish/public-exports";
import { changeItem, sceneItem, stacCatalog, changeItemId, sceneItemId, type StacContext } from "../publish/public-stac";
import type { ReleaseSnapshot } from "../releases/release-snapshot";
import { earlierEventHashes } from "./append-review-event.server";
import { eventContentSha256 } from "./event-chain";
import { activeSigner, publicKeys } from "./keyring.server";
import { chainText, CHAIN, packArchive, RELEASE_SIGNATURE, RELEASE_SIGNATURE_SIG, RELEASE_TIMESTAMP, SNAPSHOT } from "./release-archive";
import { verifyRecipe } from "./verify-recipe";
import { signBytes, type ReleaseSignaturePayload } from "./signing";

const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`);

export async function exportReleaseArchive({ slug, number, origin }: { slug: string; number: number; origin: string }): Promise<{ bytes: Uint8Array; fileName: string }> {
  const site = await db.site.findUnique({ where: { slug }, select: { id: true } });
  const release = site ? await db.release.findUnique({ where: { siteId_number: { siteId: site.id, number } } }) : null;
  // An unpublished site and a missing release look the same from outside.
  if (!site || !release) throw new DomainError("not_found", `no release ${number} of "${slug}"`);
  if (!release.signature || !release.signaturePayload || release.chainLength === null) {
    throw new DomainError("unprocessable", `release ${number} of "${slug}" was published before releases were signed: it has no signature to archive`);
  }
  const signer = activeSigner();
  const snapshot = JSON.parse(release.snapshot) as ReleaseSnapshot;
  const payload = JSON.parse(release.signaturePayload) as ReleaseSignaturePayload;
  const keys = publicKeys();
  const files = new Map<string, Uint8Array>();

  files.set(SNAPSHOT, Buffer.from(release.snapshot));
  files.set(RELEASE_SIGNATURE, Buffer.from(release.signaturePayload));
  files.set(RELEASE_SIGNATURE_SIG, Buffer.from(release.signature, "base64"));
  const stamp = await db.releaseTimestamp.findUnique({ where: { releaseId: release.id } });
  if (stamp) files.set(RELEASE_TIMESTAMP, stamp.reply);
  files.set("changes.geojson", Buffer.from(JSON.stringify(changesFeatureCollection({ snapshot, origin }))));
  files.set("changes.csv", Buffer.from(changesCsv({ snapshot, origin })));
  const ctx: StacContext = { snapshot, origin, pinned: true };
  files.set("stac/catalog.json", Buffer.from(JSON.stringify(stacCatalog(ctx))));
  for (const scene of snapshot.scenes) files.set(`stac/items/${sceneItemId(scene.id)}.json`, Buffer.from(JSON.stringify(sceneItem({ ctx, scene }))));
  for (const change of snapshot.changes) files.set(`stac/items/${changeItemId(change.id)}.json`, Buffer.from(JSON.stringify(changeItem({ ctx, change }))));
  files.set("changelog.json", json(snapshot.changelog ?? null));
  files.set("methodology.md", Buffer.from(`# Methodology: ${snapshot.site.name}\n\n${snapshot.site.methodologyNote || "(none stated)"}\n`));
  files.set("scenes.json", json(await sceneLineage(snapshot)));
  await addChips({ snapshot, files });

  const events = await db.reviewEvent.findMany({ where: { siteId: site.id, sequence: { gt: 0, lte: release.chainLength } }, orderBy: { sequence: "asc" } });
  const published = new Set(snapshot.changes.map((c) => c.id));
  files.set(
    "events.json",
    json({
      note: "The site's review record up to this release. Events of the published changes with their public fields; of other work, only the link (its content is not public). chain.txt holds every link.",
      events: events.map((e) =>
        published.has(e.annotationId)
          ? { sequence: e.sequence, change: e.annotationId, action: e.action, from: e.fromStatus, to: e.toStatus, at: e.createdAt.toISOString(), hash: e.hash }
          : { sequence: e.sequence, hash: e.hash },
      ),
    }),
  );
  const earlier = await earlierEventHashes(db, site.id);
  files.set(
    CHAIN,
    Buffer.from(
      chainText({ siteId: site.id, earlier, links: events.map((e) => ({ sequence: e.sequence!, prevHash: e.prevHash!, contentSha256: eventContentSha256(e), hash: e.hash! })) }),
    ),
  );
  const keyList = keys.map((k) => ({ id: k.id, algorithm: k.algorithm, publicKeyPem: k.publicKeyPem, createdAt: k.createdAt, retiredAt: k.retiredAt }));
  files.set("keys.json", json({ installation: config.installationName, keys: keyList }));
  for (const k of keys) files.set(`keys/${k.id}.pem`, Buffer.from(k.publicKeyPem));
  files.set("README.txt", Buffer.from(verifyRecipe({ slug, number, payload, origin, keys: keyList, manifestKeyId: signer.keyId })));

  const bytes = packArchive({
    site: slug,
    release: number,
    publishedAt: release.publishedAt.toISOString(),
    files,
    keyId: signer.keyId,
    signManifest: (manifest) => Buffer.from(signBytes(signer.privateKey, manifest), "base64"),
  });
  return { bytes, fileName: `${slug}-release-${number}.zip` };
}

/** Each scene of the release with the sha256 of its original (as uploaded) and of the COG derived from it. */
async function sceneLineage(snapshot: ReleaseSnapshot) {
  const rows = await db.scene.findMany({
    where: { id: { in: snapshot.scenes.map((s) => s.id) } },
    select: { id: true, sha256: true, byteSize: true, cogSha256: true, cogByteSize: true },
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return snapshot.scenes.map((s) => {
    const r = byId.get(s.id);
    return {
      ...s,
      original: r ? { sha256: r.sha256, bytes: r.byteSize } : null,
      cog: r?.cogSha256 ? { sha256: r.cogSha256, bytes: r.cogByteSize, derivedFrom: r.sha256 } : null,
    };
  });
}

/** Every chip the snapshot names (whatever the licence: the archive keeps them all), and chips.json saying what each shows and under which licence. */
async function addChips({ snapshot, files }: { snapshot: ReleaseSnapshot; files: Map<string, Uint8Array> }) {
  const scenes = new Map(snapshot.scenes.map((s) => [s.id, s]));
  const list: Record<string, unknown>[] = [];
  for (const c of snapshot.changes) {
    for (const role of ["before", "after"] as const) {
      const chip = c.chips?.[role];
      if (!chip) continue;
      const row = await db.evidenceChip.findUnique({ where: { sha256: chip.sha256 }, select: { png: true } });
      if (!row) throw new DomainError("conflict", `the image chip ${chip.sha256} of change ${c.id} is missing from the database`);
      const scene = scenes.get(role === "before" ? c.beforeSceneId : c.afterSceneId);
      files.set(`chips/${chip.sha256}.png`, row.png);
      list.push({
        file: `chips/${chip.sha256}.png`,
        change: c.id,
        revision: c.revision,
        role,
        scene: scene?.id ?? null,
        acquiredAt: scene?.acquiredAt ?? null,
        attribution: scene?.attribution ?? null,
        license: scene?.license ?? null,
        publicDisplay: scene?.publicDisplay ?? false,
      });
    }
  }
  files.set(
    "chips.json",
    json({
      note: "Each chip: the change's outline (yellow) over one scene of its detection window. Its licence is the scene's; publicDisplay false means the licence does not allow showing it publicly.",
      chips: list,
    }),
  );
}
