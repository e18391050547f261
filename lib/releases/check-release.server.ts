// The next release of a site as if published now: its snapshot (the site's
// public content frozen, with a changelog against the previous release) and
// what stands in the publisher's way (four eyes, as review-moves.ts decides it;
// nothing to publish). Previewing and publishing both build it here, so an
// editor publishes exactly what they were shown.
import { createHash } from "node:crypto";
import type { Scene } from "@prisma/client";
import type { SessionUser } from "../auth/session.server";
import type { Tx } from "../db.server";
import { DomainError } from "../errors";
import { labelOf } from "../annotations/taxonomy";
import { loadTypeLabels } from "../annotations/load-type-labels.server";
import { decidePublish, HAS_PUBLIC_REVISION_WHERE, isAuthorOf, mayPublishSiteText, PUBLISH_MOVE } from "../review/review-moves";
import { buildChangelog, isEmptyChangelog, type DraftPublicChange, type Retraction } from "./changelog";
import { canonicalJson, scenesInRelease, toPublicScene, type PublicScene, type ReleaseChangelog, type ReleaseSnapshot } from "./release-snapshot";
import { chipsOf } from "../evidence/change-chips.server";

const revisionInclude = { sources: true, beforeScene: true, afterScene: true, createdBy: { select: { name: true } } } as const;

/**
 * The site's public content if a release were made now: every change whose
 * published revision is public (not retracted), and every APPROVED change at
 * its current revision (which publishing makes public), with its changelog
 * against the previous release.
 */
async function buildSnapshot(args: { tx: Tx; siteId: string; release: ReleaseSnapshot["release"] }): Promise<ReleaseSnapshot> {
  const { tx, siteId, release } = args;
  const site = await tx.site.findUniqueOrThrow({ where: { id: siteId } });
  const labels = await loadTypeLabels(tx);
  const rows = await tx.annotation.findMany({
    where: { siteId, OR: [{ status: PUBLISH_MOVE.from }, HAS_PUBLIC_REVISION_WHERE] },
    include: {
      author: { select: { name: true } },
      currentRevision: { include: revisionInclude },
      publishedRevision: { include: revisionInclude },
      events: { where: { action: "approve" }, include: { actor: { select: { name: true } } }, orderBy: { createdAt: "asc" } },
    },
    orderBy: { createdAt: "asc" },
  });
  const sceneRows = new Map<string, Scene>();
  const revisionOf = (a: (typeof rows)[number]) => (a.status === PUBLISH_MOVE.from ? a.currentRevision! : a.publishedRevision!);
  // The image chips drawn for these revisions before publishing (lib/evidence/change-chips.server.ts).
  const chips = await chipsOf(
    tx,
    rows.map((a) => revisionOf(a).id),
  );
  const changes: DraftPublicChange[] = rows.map((a) => {
    const rev = revisionOf(a);
    for (const s of [rev.beforeScene, rev.afterScene]) sceneRows.set(s.id, s);
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
      sources: rev.sources.filter((s) => !s.withheld).map((s) => ({ url: s.url, title: s.title, archiveUrl: s.archiveUrl, accessedAt: s.accessedAt?.toISOString() ?? null })),
      analyst: a.author.name,
      // A correction written by someone else says so.
      ...(rev.createdBy.name !== a.author.name ? { revisedBy: rev.createdBy.name } : {}),
      // Who approved the revision published here (every claim is traceable to its reviewers).
      reviewers: [...new Set(a.events.filter((e) => e.revisionNumber === null || e.revisionNumber === rev.number).map((e) => e.actor.name))],
      chips: { before: chips.get(`${rev.id}/${rev.beforeSceneId}`) ?? null, after: chips.get(`${rev.id}/${rev.afterSceneId}`) ?? null },
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
  // Which scenes a release carries is one rule (release-snapshot.ts), which the publish preview explains scene by scene.
  const sortedScenes: PublicScene[] = scenesInRelease({ changes, scenes: [...sceneRows.values()] }).map(toPublicScene);
  const { changes: numbered, changelog } = buildChangelog({
    number: release.number,
    previous,
    site: siteView,
    changes,
    scenes: sortedScenes,
    retractions: await loadRetractions({ tx, siteId, previous }),
  });
  return { schema: "sitewatch.release/1", site: siteView, release, changes: numbered, scenes: sortedScenes, changelog };
}

/** The public note of each change of the previous release that has been retracted since (the retract event's comment). */
async function loadRetractions(args: { tx: Tx; siteId: string; previous: ReleaseSnapshot | null }): Promise<Map<string, Retraction>> {
  const { tx, siteId, previous } = args;
  if (!previous || previous.changes.length === 0) return new Map();
  const events = await tx.reviewEvent.findMany({
    where: { action: "retract", annotation: { siteId, status: "RETRACTED" }, annotationId: { in: previous.changes.map((c) => c.id) } },
    include: { actor: { select: { name: true } } },
    orderBy: { createdAt: "asc" },
  });
  return new Map(events.map((e) => [e.annotationId, { note: e.comment, retractedAt: e.createdAt.toISOString(), retractedBy: e.actor.name }]));
}

/** sha256 of a changelog's canonical JSON: names what an editor was shown before publishing. */
export function changelogSha256(changelog: ReleaseChangelog): string {
  return createHash("sha256").update(canonicalJson(changelog)).digest("hex");
}

export interface ReleaseChecks {
  number: number;
  snapshot: ReleaseSnapshot;
  /** Nothing public would change and no approved change is waiting: a release would only repeat the last one. */
  empty: boolean;
  /** Approved changes the move table does not let the actor publish (four eyes: their own work). */
  ownApproved: string[];
  /** The actor changed the site's public text (or created the site) since the last release. */
  ownSiteEdits: boolean;
}

/** Builds the next release's content as if published now, and what stands in the actor's way. */
export async function checkRelease(args: { tx: Tx; siteId: string; actor: SessionUser; release: Omit<ReleaseSnapshot["release"], "number"> }): Promise<ReleaseChecks> {
  const { tx, siteId, actor, release } = args;
  const site = await tx.site.findUnique({ where: { id: siteId } });
  if (!site) throw new DomainError("not_found", "no such site");
  const previous = await tx.release.findFirst({ where: { siteId }, orderBy: { number: "desc" } });
  const number = (previous?.number ?? 0) + 1;
  const snapshot = await buildSnapshot({ tx, siteId, release: { ...release, number } });
  const approved = await tx.annotation.findMany({
    where: { siteId, status: PUBLISH_MOVE.from },
    include: { revisions: { select: { number: true, createdById: true } }, publishedRevision: { select: { number: true } } },
  });
  const c = snapshot.changelog!;
  const sitePublished = c.previousRelease === null || c.siteFields.some((f) => f !== "imagery credits");
  return {
    number,
    snapshot,
    // An approved revision that changed only internal fields still needs publishing, though the public sees no difference.
    empty: isEmptyChangelog(c) && approved.length === 0,
    ownApproved: approved.filter((a) => !decidePublish({ role: actor.role, isAuthor: isAuthorOf({ annotation: a, userId: actor.id }) }).ok).map((a) => a.id),
    ownSiteEdits: sitePublished && !mayPublishSiteText({ actorId: actor.id, publicEditorIds: JSON.parse(site.publicEditorIds) as string[] }),
  };
}
