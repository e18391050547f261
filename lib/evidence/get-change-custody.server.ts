// Reads one change's chain of custody (custody-view.ts) for a signed-in user.
import type { SessionUser } from "../auth/session.server";
import { requireCapability } from "../auth/session.server";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { formatDate } from "../format";
import type { ReleaseSnapshot } from "../releases/release-snapshot";
import type { ChangeCustodyView, CustodyFile } from "./custody-view";
import { writerLabel } from "@/imagery/writer";
import { sha256Hex } from "./signing";

export async function getChangeCustody({ annotationId, actor }: { annotationId: string; actor: SessionUser }): Promise<ChangeCustodyView> {
  requireCapability({ user: actor, capability: "workspace:read" });
  const a = await db.annotation.findUnique({
    where: { id: annotationId },
    include: {
      site: { select: { id: true, slug: true, name: true } },
      revisions: { orderBy: { number: "asc" }, include: { createdBy: { select: { name: true } }, beforeScene: true, afterScene: true } },
      events: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], include: { actor: { select: { name: true } } } },
    },
  });
  if (!a) throw new DomainError("not_found", "no change with that id");

  const scenes = new Map(a.revisions.flatMap((r) => [r.beforeScene, r.afterScene]).map((s) => [s.id, s]));
  const uploaders = new Map(
    (await db.user.findMany({ where: { id: { in: [...scenes.values()].map((s) => s.uploadedById) } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]),
  );
  const files: CustodyFile[] = [];
  for (const s of scenes.values()) {
    const what = `${formatDate(s.acquiredAt)} ${s.sensor || "unknown sensor"}${s.synthetic ? " (synthetic)" : ""}`;
    files.push({
      kind: "original",
      sha256: s.sha256,
      bytes: s.byteSize,
      what: `${what}, as uploaded (${s.originalFilename})`,
      derivedFrom: null,
      by: uploaders.get(s.uploadedById) ?? null,
      at: s.createdAt.toISOString(),
    });
    if (s.cogSha256)
      files.push({
        kind: "cog",
        sha256: s.cogSha256,
        bytes: s.cogByteSize,
        what: `${what}, cloud-optimised copy`,
        derivedFrom: s.sha256,
        by: s.cogWriter ?? "Sitewatch (ingest; writer not recorded)",
        at: null,
      });
  }
  const revisionNumber = new Map(a.revisions.map((r) => [r.id, r.number]));
  const chips = await db.evidenceChip.findMany({
    where: { revisionId: { in: a.revisions.map((r) => r.id) } },
    select: { sha256: true, revisionId: true, sceneId: true, createdAt: true, png: true },
  });
  for (const c of chips) {
    const s = scenes.get(c.sceneId);
    files.push({
      kind: "chip",
      sha256: c.sha256,
      bytes: c.png.length,
      what: `image chip of revision ${revisionNumber.get(c.revisionId)} over ${s ? formatDate(s.acquiredAt) : c.sceneId}`,
      derivedFrom: s?.cogSha256 ?? null,
      by: `${writerLabel()} (at publication)`,
      at: c.createdAt.toISOString(),
    });
  }

  const releases = await db.release.findMany({ where: { siteId: a.siteId }, orderBy: { number: "asc" }, include: { publishedBy: { select: { name: true } } } });
  const carried = releases.map((r) => ({
    number: r.number,
    revision: (JSON.parse(r.snapshot) as ReleaseSnapshot).changes.find((c) => c.id === a.id)?.revision ?? null,
    release: {
      number: r.number,
      publishedAt: r.publishedAt.toISOString(),
      publishedBy: r.publishedBy.name,
      snapshotSha256: r.snapshotSha256,
      chainLength: r.chainLength,
      chainHead: r.chainHead,
      signingKeyId: r.signingKeyId,
    },
  }));
  const firstCarried = carried.find((c) => c.revision !== null)?.number ?? Infinity;
  return {
    id: a.id,
    status: a.status,
    site: { slug: a.site.slug, name: a.site.name },
    revisions: a.revisions.map((r) => ({
      number: r.number,
      author: r.createdBy.name,
      at: r.createdAt.toISOString(),
      beforeScene: r.beforeSceneId,
      afterScene: r.afterSceneId,
      geometrySha256: sha256Hex(r.geometry),
    })),
    files,
    events: a.events.map((e) => ({
      sequence: e.sequence,
      action: e.action,
      from: e.fromStatus,
      to: e.toStatus,
      actor: e.actor.name,
      at: e.createdAt.toISOString(),
      comment: e.comment,
      revision: e.revisionNumber,
      hash: e.hash,
      prevHash: e.prevHash,
    })),
    // From the first release that carried it on: each with the revision it carried, or null once it was retracted.
    releases: carried.filter((c) => c.number >= firstCarried).map((c) => ({ ...c.release, revision: c.revision })),
  };
}
