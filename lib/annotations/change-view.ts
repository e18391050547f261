// Plain, serialisable views of changes, their events and comments, and scenes,
// for client components and API responses (never raw rows: no storage keys, no
// email addresses, no password hashes). Pure: the server builds them here and
// the pages import their types from here.
import type { AnnotationStatus, Prisma, ReviewEvent } from "@prisma/client";
import type { AreaGeometry } from "../geo/area-geometry";
import { authorIdsOf, hasPublicRevision } from "../review/review-moves";
import { labelOf } from "./taxonomy";

/** What a ChangeView is built from: the relations every read of a change loads (Prisma include). */
export const annotationInclude = {
  currentRevision: { include: { sources: true, beforeScene: true, afterScene: true, createdBy: { select: { id: true, name: true } } } },
  publishedRevision: { select: { number: true } },
  revisions: { select: { number: true, createdById: true } },
  author: { select: { id: true, name: true } },
  _count: { select: { comments: true } },
  // The latest reviewer's word (a request, a rejection, a retraction note), shown on the change.
  events: {
    where: { action: { in: ["request_changes", "reject", "retract", "approve"] }, comment: { not: null } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 1,
    include: { actor: { select: { name: true } } },
  },
} satisfies Prisma.AnnotationInclude;

export type AnnotationWithRevision = Prisma.AnnotationGetPayload<{ include: typeof annotationInclude }>;

export interface SourceView {
  url: string;
  title: string;
  archiveUrl: string | null;
  /** ISO 8601 UTC, or null. */
  accessedAt: string | null;
  withheld: boolean;
}

export interface ChangeView {
  id: string;
  siteId: string;
  status: AnnotationStatus;
  version: number;
  authorId: string;
  authorName: string;
  /** Everyone who counts as an author for four eyes (the creator and the writers of unpublished revisions). */
  authorIds: string[];
  revision: number;
  revisionAuthorId: string;
  revisionAuthorName: string;
  /** The revision the public sees, while it is public (published and not retracted); null otherwise. */
  publicRevision: number | null;
  /** EPSG:4326, RFC 7946 winding. */
  geometry: AreaGeometry;
  /** Geodesic square metres. */
  areaM2: number;
  changeType: string;
  changeTypeLabel: string;
  damageGrade: string | null;
  confidence: string;
  beforeSceneId: string;
  afterSceneId: string;
  beforeDate: string;
  afterDate: string;
  /** Either scene of the detection window is synthetic (derived, not a real observation). */
  syntheticImagery: boolean;
  description: string;
  sources: SourceView[];
  /** Internal working tags, never published. */
  tags: string[];
  /** When the status last moved (ISO 8601 UTC). */
  statusChangedAt: string;
  /** Comments under the change (signed-in people only). */
  commentCount: number;
  /** The latest reviewer's comment: a request for changes, a rejection's reason, a retraction's public note, an approval's remark. */
  lastReview: { action: string; actorName: string; comment: string; at: string } | null;
  updatedAt: string;
}

/** `labels` maps change-type keys to their current labels (the taxonomy is in the database). */
export function toChangeView(args: { row: AnnotationWithRevision; labels?: ReadonlyMap<string, string> }): ChangeView {
  const { row: a, labels } = args;
  const rev = a.currentRevision!;
  return {
    id: a.id,
    siteId: a.siteId,
    status: a.status,
    version: a.version,
    authorId: a.authorId,
    authorName: a.author.name,
    authorIds: authorIdsOf({ authorId: a.authorId, revisions: a.revisions, publishedRevisionNumber: a.publishedRevision?.number ?? null }),
    revision: rev.number,
    revisionAuthorId: rev.createdById,
    revisionAuthorName: rev.createdBy.name,
    publicRevision: hasPublicRevision(a) ? (a.publishedRevision?.number ?? null) : null,
    geometry: JSON.parse(rev.geometry),
    areaM2: rev.areaM2,
    changeType: rev.changeType,
    changeTypeLabel: labels?.get(rev.changeType) ?? labelOf(rev.changeType),
    damageGrade: rev.damageGrade,
    confidence: rev.confidence,
    beforeSceneId: rev.beforeSceneId,
    afterSceneId: rev.afterSceneId,
    beforeDate: rev.beforeScene.acquiredAt.toISOString(),
    afterDate: rev.afterScene.acquiredAt.toISOString(),
    syntheticImagery: rev.beforeScene.synthetic || rev.afterScene.synthetic,
    description: rev.description,
    sources: rev.sources.map((s) => ({ url: s.url, title: s.title, archiveUrl: s.archiveUrl, accessedAt: s.accessedAt?.toISOString() ?? null, withheld: s.withheld })),
    tags: JSON.parse(rev.tags) as string[],
    statusChangedAt: a.statusChangedAt.toISOString(),
    commentCount: a._count.comments,
    lastReview: a.events[0] ? { action: a.events[0].action, actorName: a.events[0].actor.name, comment: a.events[0].comment ?? "", at: a.events[0].createdAt.toISOString() } : null,
    updatedAt: a.updatedAt.toISOString(),
  };
}

/** A person-readable event, for histories and for telling a stale writer what happened. */
export interface EventView {
  id: string;
  action: string;
  fromStatus: AnnotationStatus | null;
  toStatus: AnnotationStatus;
  comment: string | null;
  revisionNumber: number | null;
  annotationVersion: number | null;
  createdAt: string;
  actor: { id: string; name: string };
  /** Field-level changes of an edit, as stored. */
  diff: Record<string, { from: unknown; to: unknown }> | null;
}

export function toEventView(e: ReviewEvent & { actor: { id: string; name: string } }): EventView {
  return {
    id: e.id,
    action: e.action,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    comment: e.comment,
    revisionNumber: e.revisionNumber,
    annotationVersion: e.annotationVersion,
    createdAt: e.createdAt.toISOString(),
    actor: e.actor,
    diff: e.diff ? (JSON.parse(e.diff) as EventView["diff"]) : null,
  };
}

/** The details of the 409 a writer holding an old version gets (stale-version-error.server.ts builds them). */
export interface StaleVersionDetails {
  reason: "stale-version";
  heldVersion: number;
  /** The change as it is now. */
  current: ChangeView;
  /** What happened since the writer's version, oldest first. */
  since: EventView[];
}

/** Whether an error's details are a stale-version 409's (for the pages that offer to look again or reapply). */
export function isStaleVersionDetails(details: unknown): details is StaleVersionDetails {
  return typeof details === "object" && details !== null && (details as { reason?: unknown }).reason === "stale-version";
}

/** One of a person's changes in their own list, with the latest thing that happened to it. */
export interface OwnChangeItem {
  site: { slug: string; name: string };
  change: ChangeView;
  latest: { verb: string; actorName: string; comment: string | null; at: string } | null;
}

/** What a CommentView is built from (Prisma include of the comment's author). */
export const commentAuthorInclude = { author: { select: { id: true, name: true, role: true } } } as const;

/** A comment under a change (signed-in people only; never edited or deleted). */
export interface CommentView {
  id: string;
  parentId: string | null;
  body: string;
  createdAt: string;
  author: { id: string; name: string; role: string };
}

export function toCommentView(c: { id: string; parentId: string | null; body: string; createdAt: Date; author: { id: string; name: string; role: string } }): CommentView {
  return { id: c.id, parentId: c.parentId, body: c.body, createdAt: c.createdAt.toISOString(), author: c.author };
}
