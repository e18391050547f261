// Publishing a site release: approved changes become PUBLISHED and the site's
// public content is frozen into a numbered, immutable snapshot. The public
// reads only these snapshots (lib/publish), never the live tables.
import { createHash } from "node:crypto";
import { z } from "zod";
import type { Release } from "@prisma/client";
import type { SessionUser } from "../auth/session.server";
import { requireCapability } from "../auth/session.server";
import { db, type Tx } from "../db.server";
import { DomainError } from "../errors";
import { isAuthorOf } from "../review/transition-annotation.server";
import { canonicalJson, type PublicChange, type PublicScene, type ReleaseSnapshot } from "./release-snapshot";

export const PublishReleaseInput = z.object({
  note: z.string().trim().min(3, "write a release note: what is new in this release").max(5_000),
});
export type PublishReleaseInput = z.input<typeof PublishReleaseInput>;

async function buildSnapshot(tx: Tx, siteId: string, release: ReleaseSnapshot["release"]): Promise<ReleaseSnapshot> {
  const site = await tx.site.findUniqueOrThrow({ where: { id: siteId } });
  const published = await tx.annotation.findMany({
    where: { siteId, status: "PUBLISHED", publishedRevisionId: { not: null } },
    include: {
      author: { select: { name: true } },
      publishedRevision: { include: { sources: true, beforeScene: true, afterScene: true } },
      events: { where: { action: "approve" }, include: { actor: { select: { name: true } } } },
    },
    orderBy: { createdAt: "asc" },
  });
  const scenes = new Map<string, PublicScene>();
  const changes: PublicChange[] = published.map((a) => {
    const rev = a.publishedRevision!;
    for (const s of [rev.beforeScene, rev.afterScene]) {
      scenes.set(s.id, {
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
      });
    }
    return {
      id: a.id,
      revision: rev.number,
      changeType: rev.changeType,
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
      reviewers: [...new Set(a.events.map((e) => e.actor.name))],
    };
  });
  return {
    schema: "sitewatch.release/1",
    site: {
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
    },
    release,
    changes,
    scenes: [...scenes.values()].sort((a, b) => a.acquiredAt.localeCompare(b.acquiredAt)),
  };
}

export async function publishRelease(args: { siteId: string; input: PublishReleaseInput; actor: SessionUser }): Promise<Release> {
  requireCapability(args.actor, "release:publish");
  const { note } = PublishReleaseInput.parse(args.input);
  return db.$transaction(async (tx) => {
    const site = await tx.site.findUnique({ where: { id: args.siteId } });
    if (!site) throw new DomainError("not_found", "no such site");
    const approved = await tx.annotation.findMany({
      where: { siteId: site.id, status: "APPROVED" },
      include: { currentRevision: { select: { createdById: true, number: true, id: true } } },
    });
    // Four eyes again: nobody publishes their own change.
    const own = approved.filter((a) => isAuthorOf(a, args.actor.id));
    if (own.length > 0) {
      throw new DomainError("forbidden", `${own.length} approved change(s) in this release are your own work; another editor must publish them`, {
        details: { annotationIds: own.map((a) => a.id) },
      });
    }
    for (const a of approved) {
      const { count } = await tx.annotation.updateMany({
        where: { id: a.id, version: a.version, status: "APPROVED" },
        data: { status: "PUBLISHED", version: { increment: 1 }, publishedRevisionId: a.currentRevisionId },
      });
      if (count === 0) throw new DomainError("conflict", "a change was moved while the release was being built; try again");
      await tx.reviewEvent.create({
        data: { annotationId: a.id, actorId: args.actor.id, action: "publish", fromStatus: "APPROVED", toStatus: "PUBLISHED", revisionNumber: a.currentRevision?.number ?? null },
      });
    }
    const previous = await tx.release.findFirst({ where: { siteId: site.id }, orderBy: { number: "desc" } });
    const number = (previous?.number ?? 0) + 1;
    const publishedAt = new Date();
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
