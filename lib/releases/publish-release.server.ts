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
import { buildChangelog, isEmptyChangelog, type DraftPublicChange, type Retraction } from "./changelog";
import { canonicalJson, toPublicScene, type PublicScene, type ReleaseChangelog, type ReleasePreview, type ReleaseSnapshot } from "./release-snapshot";

export const PublishReleaseInput = z.object({
  note: z.string({ message: "write a release note" }).trim().min(3, "write a release note: what is new in this release").max(5_000),
  /** The changelog the editor was shown (its sha256, from the preview): publishing refuses if the release would now contain anything else. */
  expectedChangelogSha256: z.string().regex(/^[0-9a-f]{64}$/, "expectedChangelogSha256 is a sha256 in hex").optional(),
});
export type PublishReleaseInput = z.input<typeof PublishReleaseInput>;

const revisionInclude = { sources: true, beforeScene: true, afterScene: true, createdBy: { select: { name: true } } } as const;

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
      // A correction written by someone else says so.
      ...(rev.createdBy.name !== a.author.name ? { revisedBy: rev.createdBy.name } : {}),
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
  const sortedScenes = [...scenes.values()].sort((a, b) => a.acquiredAt.localeCompare(b.acquiredAt));
  const { changes: numbered, changelog } = buildChangelog({
    number: release.number,
    previous,
    site: siteView,
    changes,
    scenes: sortedScenes,
    retractions: await loadRetractions(tx, siteId, previous),
  });
  return { schema: "sitewatch.release/1", site: siteView, release, changes: numbered, scenes: sortedScenes, changelog };
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

/** sha256 of a changelog's canonical JSON: names what an editor was shown before publishing. */
function changelogSha256(changelog: ReleaseChangelog): string {
  return createHash("sha256").update(canonicalJson(changelog)).digest("hex");
}

interface ReleaseChecks {
  number: number;
  snapshot: ReleaseSnapshot;
  /** Nothing public would change and no approved change is waiting: a release would only repeat the last one. */
  empty: boolean;
  /** Approved changes the actor created or revised: four eyes keeps them out of the actor's hands. */
  ownApproved: string[];
  /** The actor changed the site's public text (or created the site) since the last release. */
  ownSiteEdits: boolean;
}

/** Builds the next release's content as if published now, and what stands in the actor's way. */
async function checkRelease(tx: Tx, siteId: string, actor: SessionUser, release: Omit<ReleaseSnapshot["release"], "number">): Promise<ReleaseChecks> {
  const site = await tx.site.findUnique({ where: { id: siteId } });
  if (!site) throw new DomainError("not_found", "no such site");
  const previous = await tx.release.findFirst({ where: { siteId }, orderBy: { number: "desc" } });
  const number = (previous?.number ?? 0) + 1;
  const snapshot = await buildSnapshot(tx, siteId, { ...release, number });
  const approved = await tx.annotation.findMany({
    where: { siteId, status: "APPROVED" },
    include: { revisions: { select: { number: true, createdById: true } }, publishedRevision: { select: { number: true } } },
  });
  const c = snapshot.changelog!;
  const sitePublished = c.previousRelease === null || c.siteFields.some((f) => f !== "imagery credits");
  return {
    number,
    snapshot,
    // An approved revision that changed only internal fields still needs publishing, though the public sees no difference.
    empty: isEmptyChangelog(c) && approved.length === 0,
    ownApproved: approved.filter((a) => isAuthorOf(a, actor.id)).map((a) => a.id),
    ownSiteEdits: sitePublished && (JSON.parse(site.publicEditorIds) as string[]).includes(actor.id),
  };
}

/** What publishing now would do: the next number, the changelog (and its sha256, to publish exactly that), and what the actor may not publish. */
export async function previewRelease(args: { siteId: string; actor: SessionUser }): Promise<ReleasePreview> {
  requireCapability(args.actor, "release:publish");
  return db.$transaction(async (tx) => {
    const checks = await checkRelease(tx, args.siteId, args.actor, { note: "", publishedAt: new Date().toISOString(), publishedBy: args.actor.name });
    const changelog = checks.snapshot.changelog!;
    return { number: checks.number, changelog, changelogSha256: changelogSha256(changelog), empty: checks.empty, ownApproved: checks.ownApproved, ownSiteEdits: checks.ownSiteEdits };
  });
}

export async function publishRelease(args: { siteId: string; input: PublishReleaseInput; actor: SessionUser }): Promise<Release> {
  requireCapability(args.actor, "release:publish");
  const { note, expectedChangelogSha256 } = PublishReleaseInput.parse(args.input);
  return db.$transaction(async (tx) => {
    const publishedAt = new Date();
    const checks = await checkRelease(tx, args.siteId, args.actor, { note, publishedAt: publishedAt.toISOString(), publishedBy: args.actor.name });
    const { number, snapshot } = checks;
    // Four eyes again: nobody publishes their own change, revision or site text.
    if (checks.ownApproved.length > 0) {
      throw new DomainError("forbidden", `${checks.ownApproved.length} approved change(s) in this release are your own work; another editor must publish them`, {
        details: { annotationIds: checks.ownApproved },
      });
    }
    if (checks.ownSiteEdits) {
      throw new DomainError("forbidden", "you wrote or changed this site's public details since its last release; another editor must publish them");
    }
    if (checks.empty) {
      throw new DomainError("conflict", `nothing to publish: no change was added, revised or retracted and no public detail changed since release ${number - 1}`);
    }
    if (expectedChangelogSha256 && expectedChangelogSha256 !== changelogSha256(snapshot.changelog!)) {
      throw new DomainError("conflict", "the release would now contain something other than what you were shown (someone moved a change meanwhile); look at it again", {
        details: { changelog: snapshot.changelog },
      });
    }
    const approved = await tx.annotation.findMany({ where: { siteId: args.siteId, status: "APPROVED" }, include: { currentRevision: { select: { number: true } } } });
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
    // The snapshot was built with the approved changes at their current revisions: exactly what is now published.
    const json = canonicalJson(snapshot);
    // The site's public text is now reviewed and published: nobody has changed it since.
    await tx.site.update({ where: { id: args.siteId }, data: { publicEditorIds: "[]" } });
    return tx.release.create({
      data: {
        siteId: args.siteId,
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
