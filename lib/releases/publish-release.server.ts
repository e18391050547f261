// Publishing a site release: approved changes become PUBLISHED and the site's
// public content is frozen into a numbered, immutable snapshot with a
// changelog against the previous release. The public reads only these
// snapshots (lib/publish), never the live tables.
import { createHash } from "node:crypto";
import { z } from "zod";
import type { Release } from "@prisma/client";
import type { SessionUser } from "../auth/session.server";
import { requireCapability } from "../auth/session.server";
import { db, type Tx } from "../db.server";
import { DomainError } from "../errors";
import { labelOf } from "../annotations/taxonomy";
import { loadTypeLabels } from "../annotations/annotations.server";
import { isAuthorOf } from "../review/transition-annotation.server";
import { buildChangelog, type DraftPublicChange, type Retraction } from "./changelog";
import { canonicalJson, type PublicScene, type ReleaseChangelog, type ReleaseSnapshot } from "./release-snapshot";

export const PublishReleaseInput = z.object({
  note: z.string({ message: "write a release note" }).trim().min(3, "write a release note: what is new in this release").max(5_000),
});
export type PublishReleaseInput = z.input<typeof PublishReleaseInput>;

const revisionInclude = { sources: true, beforeScene: true, afterScene: true } as const;

function toPublicScene(s: { id: string; acquiredAt: Date; sensor: string; gsdM: number | null; cloudCoverPct: number | null; provider: string; license: string; attribution: string; publicDisplay: boolean; publicMaxZoom: number; synthetic: boolean; footprint: string; crs: string }): PublicScene {
  return {
    id: s.id,
    acquiredAt: s.acquiredAt.toISOString(),
    sensor: s.sensor,
    gsdM: s.gsdM,
    cloudCoverPct: s.cloudCoverPct,
    provider: s.provider,
    license: s.license,
    attribution: s.attribution,
    publicDisplay: s.publicDisplay,
    publicMaxZoom: s.publicMaxZoom,
    synthetic: s.synthetic,
    footprint: JSON.parse(s.footprint),
    crs: s.crs,
  };
}

/**
 * The site's public content if a release were made now: every change whose
 * published revision is public (not retracted), and every APPROVED change at
 * its current revision (which publishing makes public), with its changelog
 * against the previous release.
 */
async function buildSnapshot(tx: Tx, siteId: string, release: ReleaseSnapshot["release"]): Promise<ReleaseSnapshot> {
  const site = await tx.site.findUniqueOrThrow({ where: { id: siteId } });
  const labels = await loadTypeLabels(tx);
  const rows = await tx.annotation.findMany({
    where: { siteId, OR: [{ status: "APPROVED" }, { publishedRevisionId: { not: null }, status: { not: "RETRACTED" } }] },
    include: {
      author: { select: { name: true } },
      currentRevision: { include: revisionInclude },
      publishedRevision: { include: revisionInclude },
      events: { where: { action: "approve" }, include: { actor: { select: { name: true } } }, orderBy: { createdAt: "asc" } },
    },
    orderBy: { createdAt: "asc" },
  });
  const scenes = new Map<string, PublicScene>();
  const changes: DraftPublicChange[] = rows.map((a) => {
    const rev = a.status === "APPROVED" ? a.currentRevision! : a.publishedRevision!;
    for (const s of [rev.beforeScene, rev.afterScene]) scenes.set(s.id, toPublicScene(s));
    return {
      id: a.id,
      revision: rev.number,
      changeType: rev.changeType,
      changeTypeLabel: labels.get(rev.changeType) ?? labelOf(rev.changeType),
      damageGrade: rev.damageGrade,
      confidence: rev.confidence,
      description: rev.description,
      areaM2: rev.areaM2,
      geometry: JSON.parse(rev.geometry),
      beforeSceneId: rev.beforeSceneId,
      afterSceneId: rev.afterSceneId,
      detectedAfter: rev.beforeScene.acquiredAt.toISOString(),
      detectedBy: rev.afterScene.acquiredAt.toISOString(),
      // Withheld sources stay with the reviewers.
      sources: rev.sources
        .filter((s) => !s.withheld)
        .map((s) => ({ url: s.url, title: s.title, archiveUrl: s.archiveUrl, accessedAt: s.accessedAt?.toISOString() ?? null })),
      analyst: a.author.name,
      // Who approved the revision published here (every claim is traceable to its reviewers).
      reviewers: [...new Set(a.events.filter((e) => e.revisionNumber === null || e.revisionNumber === rev.number).map((e) => e.actor.name))],
    };
  });
  const siteView: ReleaseSnapshot["site"] = {
    slug: site.slug,
    name: site.name,
    kind: site.kind,
    qualifier: site.qualifier,
    country: site.country,
    region: site.region,
    publicSummary: site.publicSummary,
    methodologyNote: site.methodologyNote,
    footprint: JSON.parse(site.footprint),
    areaM2: site.areaM2,
  };
  const previousRow = await tx.release.findFirst({ where: { siteId }, orderBy: { number: "desc" } });
  const previous = previousRow ? (JSON.parse(previousRow.snapshot) as ReleaseSnapshot) : null;
  const { changes: numbered, changelog } = buildChangelog({
    number: release.number,
    previous,
    site: siteView,
    changes,
    retractions: await loadRetractions(tx, siteId, previous),
  });
  return {
    schema: "sitewatch.release/1",
    site: siteView,
    release,
    changes: numbered,
    scenes: [...scenes.values()].sort((a, b) => a.acquiredAt.localeCompare(b.acquiredAt)),
    changelog,
  };
}

/** The public note of each change of the previous release that has been retracted since (the retract event's comment). */
async function loadRetractions(tx: Tx, siteId: string, previous: ReleaseSnapshot | null): Promise<Map<string, Retraction>> {
  if (!previous || previous.changes.length === 0) return new Map();
  const events = await tx.reviewEvent.findMany({
    where: { action: "retract", annotation: { siteId, status: "RETRACTED" }, annotationId: { in: previous.changes.map((c) => c.id) } },
    include: { actor: { select: { name: true } } },
    orderBy: { createdAt: "asc" },
  });
  return new Map(events.map((e) => [e.annotationId, { note: e.comment, retractedAt: e.createdAt.toISOString(), retractedBy: e.actor.name }]));
}

/** What publishing now would do: the next number, the changelog, and the approved changes the actor may not publish (their own). */
export async function previewRelease(args: { siteId: string; actor: SessionUser }): Promise<{ number: number; changelog: ReleaseChangelog; ownApproved: string[] }> {
  requireCapability(args.actor, "release:publish");
  return db.$transaction(async (tx) => {
    const site = await tx.site.findUnique({ where: { id: args.siteId } });
    if (!site) throw new DomainError("not_found", "no such site");
    const previous = await tx.release.findFirst({ where: { siteId: site.id }, orderBy: { number: "desc" } });
    const number = (previous?.number ?? 0) + 1;
    const snapshot = await buildSnapshot(tx, site.id, { number, note: "", publishedAt: new Date().toISOString(), publishedBy: args.actor.name });
    const approved = await tx.annotation.findMany({ where: { siteId: site.id, status: "APPROVED" }, include: { revisions: { select: { number: true, createdById: true } }, publishedRevision: { select: { number: true } } } });
    return { number, changelog: snapshot.changelog!, ownApproved: approved.filter((a) => isAuthorOf(a, args.actor.id)).map((a) => a.id) };
  });
}

export async function publishRelease(args: { siteId: string; input: PublishReleaseInput; actor: SessionUser }): Promise<Release> {
  requireCapability(args.actor, "release:publish");
  const { note } = PublishReleaseInput.parse(args.input);
  return db.$transaction(async (tx) => {
    const site = await tx.site.findUnique({ where: { id: args.siteId } });
    if (!site) throw new DomainError("not_found", "no such site");
    const approved = await tx.annotation.findMany({
      where: { siteId: site.id, status: "APPROVED" },
      include: { currentRevision: { select: { number: true } }, revisions: { select: { number: true, createdById: true } }, publishedRevision: { select: { number: true } } },
    });
    // Four eyes again: nobody publishes their own change or revision.
    const own = approved.filter((a) => isAuthorOf(a, args.actor.id));
    if (own.length > 0) {
      throw new DomainError("forbidden", `${own.length} approved change(s) in this release are your own work; another editor must publish them`, {
        details: { annotationIds: own.map((a) => a.id) },
      });
    }
    const previous = await tx.release.findFirst({ where: { siteId: site.id }, orderBy: { number: "desc" } });
    const number = (previous?.number ?? 0) + 1;
    const publishedAt = new Date();
    for (const a of approved) {
      const { count } = await tx.annotation.updateMany({
        where: { id: a.id, version: a.version, status: "APPROVED" },
        data: { status: "PUBLISHED", version: { increment: 1 }, publishedRevisionId: a.currentRevisionId, statusChangedAt: publishedAt },
      });
      if (count === 0) throw new DomainError("conflict", "a change was moved while the release was being built; try again");
      await tx.reviewEvent.create({
        data: {
          annotationId: a.id,
          actorId: args.actor.id,
          action: "publish",
          fromStatus: "APPROVED",
          toStatus: "PUBLISHED",
          comment: `release ${number}`,
          revisionNumber: a.currentRevision?.number ?? null,
          annotationVersion: a.version + 1,
        },
      });
    }
    const snapshot = await buildSnapshot(tx, site.id, { number, note, publishedAt: publishedAt.toISOString(), publishedBy: args.actor.name });
    const json = canonicalJson(snapshot);
    return tx.release.create({
      data: {
        siteId: site.id,
        number,
        note,
        snapshot: json,
        snapshotSha256: createHash("sha256").update(json).digest("hex"),
        publishedById: args.actor.id,
        publishedAt,
      },
    });
  });
}
