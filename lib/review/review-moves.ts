// The review workflow as one table of allowed moves. Pure: the server functions
// (transition-annotation.server.ts for every move, publish-release.server.ts for
// publishing), the UI (which buttons and hints to show) and the tests all read
// this table, so there is one place that says who may do what.
import type { AnnotationStatus, Role } from "@prisma/client";
import { hasCapability, isReviewer, ROLES } from "../auth/roles";

export type ReviewAction = "submit" | "approve" | "request_changes" | "reject" | "resubmit" | "publish" | "retract";

export interface ReviewMove {
  action: ReviewAction;
  from: AnnotationStatus;
  to: AnnotationStatus;
  /** Roles that may make the move at all. */
  roles: readonly Role[];
  /** The change's own author must (true) / must not (false) make it; null: either. */
  byAuthor: boolean | null;
  /** A comment is required (the reason for the analyst, or the public note). */
  commentRequired: boolean;
  /** Made only by publishing a release, never through the transitions endpoint. */
  viaReleaseOnly: boolean;
  /** Allowed only while an earlier revision of the change is public (a published change under revision). */
  needsPublicRevision?: boolean;
}

// Each move's roles come from the capability table (lib/auth/roles.ts): who writes changes, who reviews them, who publishes.
const AUTHORS: readonly Role[] = ROLES.filter((role) => hasCapability({ role, capability: "annotation:create" }));
const REVIEWERS: readonly Role[] = ROLES.filter(isReviewer);
const PUBLISHERS: readonly Role[] = ROLES.filter((role) => hasCapability({ role, capability: "release:publish" }));

export const REVIEW_MOVES: readonly ReviewMove[] = [
  { action: "submit", from: "DRAFT", to: "SUBMITTED", roles: AUTHORS, byAuthor: true, commentRequired: false, viaReleaseOnly: false },
  { action: "approve", from: "SUBMITTED", to: "APPROVED", roles: REVIEWERS, byAuthor: false, commentRequired: false, viaReleaseOnly: false },
  { action: "request_changes", from: "SUBMITTED", to: "CHANGES_REQUESTED", roles: REVIEWERS, byAuthor: false, commentRequired: true, viaReleaseOnly: false },
  { action: "reject", from: "SUBMITTED", to: "REJECTED", roles: REVIEWERS, byAuthor: false, commentRequired: true, viaReleaseOnly: false },
  { action: "resubmit", from: "CHANGES_REQUESTED", to: "SUBMITTED", roles: AUTHORS, byAuthor: true, commentRequired: false, viaReleaseOnly: false },
  { action: "publish", from: "APPROVED", to: "PUBLISHED", roles: PUBLISHERS, byAuthor: false, commentRequired: false, viaReleaseOnly: true },
  { action: "retract", from: "PUBLISHED", to: "RETRACTED", roles: REVIEWERS, byAuthor: null, commentRequired: true, viaReleaseOnly: false },
  // A published change being revised is still public: it can be retracted whatever its working revision's state.
  ...(["DRAFT", "SUBMITTED", "CHANGES_REQUESTED", "APPROVED", "REJECTED"] as const).map((from): ReviewMove => ({
    action: "retract",
    from,
    to: "RETRACTED",
    roles: REVIEWERS,
    byAuthor: null,
    commentRequired: true,
    viaReleaseOnly: false,
    needsPublicRevision: true,
  })),
];

/** The move a release makes: which changes a release takes (its `from`) and what they become. */
export const PUBLISH_MOVE: ReviewMove = REVIEW_MOVES.find((m) => m.viaReleaseOnly)!;

export type MoveRefusal =
  | { reason: "no-such-move"; message: string }
  | { reason: "role"; message: string }
  | { reason: "four-eyes"; message: string }
  | { reason: "author-only"; message: string }
  | { reason: "comment-required"; message: string }
  | { reason: "release-only"; message: string };

export type MoveDecision = { ok: true; move: ReviewMove } | { ok: false; refusal: MoveRefusal };

/**
 * Decides whether `actor` may move a change from `from` to `to`.
 * `isAuthor` is true when the actor wrote the change or its current revision:
 * four eyes means nobody reviews their own work, admins included.
 */
export function decideMove(args: {
  from: AnnotationStatus;
  to: AnnotationStatus;
  role: Role;
  isAuthor: boolean;
  /** An earlier revision of the change is public (it was published and not retracted). */
  hasPublicRevision?: boolean;
  comment?: string | null;
  viaRelease?: boolean;
}): MoveDecision {
  const move = REVIEW_MOVES.find((m) => m.from === args.from && m.to === args.to && (!m.needsPublicRevision || args.hasPublicRevision));
  if (!move) {
    const why = args.to === "RETRACTED" ? ": only a published change can be retracted" : "";
    return { ok: false, refusal: { reason: "no-such-move", message: `a change cannot move from ${args.from} to ${args.to}${why}` } };
  }
  const refusal = refuseActor({ move, role: args.role, isAuthor: args.isAuthor, viaRelease: args.viaRelease ?? false });
  if (refusal) return { ok: false, refusal };
  if (move.commentRequired && !args.comment?.trim()) {
    return { ok: false, refusal: { reason: "comment-required", message: `${move.action.replace("_", " ")} needs a comment that says why` } };
  }
  return { ok: true, move };
}

/** Whether this actor may make this move at all (the comment aside). */
function refuseActor(args: { move: ReviewMove; role: Role; isAuthor: boolean; viaRelease: boolean }): MoveRefusal | null {
  const { move } = args;
  if (move.viaReleaseOnly && !args.viaRelease) {
    return { reason: "release-only", message: `${move.to} is reached only by publishing a site release` };
  }
  if (!move.roles.includes(args.role)) {
    return { reason: "role", message: `${move.action.replace("_", " ")} needs one of these roles: ${move.roles.join(", ").toLowerCase()}` };
  }
  if (move.byAuthor === false && args.isAuthor) {
    return { reason: "four-eyes", message: `you cannot ${move.action.replace("_", " ")} a change you wrote: another editor must review it` };
  }
  if (move.byAuthor === true && !args.isAuthor) {
    return { reason: "author-only", message: `only the change's author can ${move.action}` };
  }
  return null;
}

/** Where a person stands on a change, for the buttons and hints a page shows. */
export interface MoveOptionsArgs {
  from: AnnotationStatus;
  role: Role;
  isAuthor: boolean;
  hasPublicRevision?: boolean;
}

/** The moves of the table from `from` that exist for this change (publish aside: only a release makes it). */
function movesOutOf(args: MoveOptionsArgs): ReviewMove[] {
  return REVIEW_MOVES.filter((m) => m.from === args.from && !m.viaReleaseOnly && (!m.needsPublicRevision || args.hasPublicRevision));
}

/** The moves a person could make from a status, for showing buttons (decided exactly as decideMove decides them). */
export function movesFrom(args: MoveOptionsArgs): ReviewMove[] {
  return movesOutOf(args).filter((move) => refuseActor({ move, role: args.role, isAuthor: args.isAuthor, viaRelease: false }) === null);
}

/** The moves this person's role allows but four eyes forbids them (their own work), to say why no button is shown. */
export function movesBarredByFourEyes(args: MoveOptionsArgs): ReviewMove[] {
  return movesOutOf(args).filter((move) => refuseActor({ move, role: args.role, isAuthor: args.isAuthor, viaRelease: false })?.reason === "four-eyes");
}

/**
 * Whether `actor` may publish a release containing this approved change: the
 * table's publish move, made through a release (four eyes: not the change's
 * authors, admins included).
 */
export function decidePublish(args: { role: Role; isAuthor: boolean }): MoveDecision {
  return decideMove({ from: PUBLISH_MOVE.from, to: PUBLISH_MOVE.to, role: args.role, isAuthor: args.isAuthor, viaRelease: true });
}

/**
 * Four eyes over a site's public details: whoever created the site or changed
 * its public text since the last release does not publish it.
 */
export function mayPublishSiteText(args: { actorId: string; publicEditorIds: readonly string[] }): boolean {
  return !args.publicEditorIds.includes(args.actorId);
}

/**
 * Editing a change writes a new revision. Drafts and changes sent back are
 * edited by their authors and keep their status; a published change (or one
 * whose later revision was rejected while an earlier one stays public) can be
 * corrected by any analyst or editor: the new revision starts as a DRAFT and
 * goes through review again, while the public keeps the published revision.
 */
export interface EditRule {
  from: AnnotationStatus;
  to: AnnotationStatus;
  /** true: only the change's authors; null: anyone who may annotate. */
  byAuthor: true | null;
  needsPublicRevision?: boolean;
}

export const EDIT_RULES: readonly EditRule[] = [
  { from: "DRAFT", to: "DRAFT", byAuthor: true },
  { from: "CHANGES_REQUESTED", to: "CHANGES_REQUESTED", byAuthor: true },
  { from: "PUBLISHED", to: "DRAFT", byAuthor: null },
  { from: "REJECTED", to: "DRAFT", byAuthor: null, needsPublicRevision: true },
];

export type EditDecision = { ok: true; to: AnnotationStatus } | { ok: false; refusal: { reason: "not-editable" | "author-only" | "role"; message: string } };

function findEditRule(args: { from: AnnotationStatus; hasPublicRevision?: boolean }): EditRule | undefined {
  return EDIT_RULES.find((r) => r.from === args.from && (!r.needsPublicRevision || args.hasPublicRevision));
}

/** Whether `role` may edit a change in `from` (roles: all who may annotate, which is every role today). */
export function decideEdit(args: { from: AnnotationStatus; role: Role; isAuthor: boolean; hasPublicRevision?: boolean }): EditDecision {
  const rule = findEditRule(args);
  if (!rule) {
    const hint =
      args.from === "SUBMITTED" || args.from === "APPROVED"
        ? ": it is with the editors; ask for it to be sent back for changes"
        : args.from === "REJECTED"
          ? ": a rejected change is closed; draw a new one"
          : args.from === "RETRACTED"
            ? ": a retracted change is closed"
            : "";
    return { ok: false, refusal: { reason: "not-editable", message: `a change in ${args.from} cannot be edited${hint}` } };
  }
  if (!AUTHORS.includes(args.role)) return { ok: false, refusal: { reason: "role", message: "your role may not edit changes" } };
  if (rule.byAuthor && !args.isAuthor) {
    return { ok: false, refusal: { reason: "author-only", message: `only its authors can edit a change in ${args.from}; leave them a comment instead` } };
  }
  return { ok: true, to: rule.to };
}

/** An edit of a change in `from` is a correction: it starts a new DRAFT revision while the public keeps the published one. */
export function isCorrectionEdit(args: { from: AnnotationStatus; hasPublicRevision?: boolean }): boolean {
  const rule = findEditRule(args);
  return rule !== undefined && rule.to !== rule.from;
}

/**
 * Who counts as an author for four eyes: whoever created the change, and whoever
 * wrote a revision that is not yet public (everything since the published revision).
 */
export function authorIdsOf(args: { authorId: string; revisions: { number: number; createdById: string }[]; publishedRevisionNumber: number | null }): string[] {
  const since = args.publishedRevisionNumber ?? 0;
  return [...new Set([args.authorId, ...args.revisions.filter((r) => r.number > since).map((r) => r.createdById)])];
}

/** True when the user created the change or wrote one of its revisions not yet public: four eyes forbids them to review or publish it. */
export function isAuthorOf(args: {
  annotation: { authorId: string; revisions: { number: number; createdById: string }[]; publishedRevision: { number: number } | null };
  userId: string;
}): boolean {
  const { annotation } = args;
  return authorIdsOf({ authorId: annotation.authorId, revisions: annotation.revisions, publishedRevisionNumber: annotation.publishedRevision?.number ?? null }).includes(
    args.userId,
  );
}

/** True while an earlier revision of the change is what the public sees (published and not retracted). */
export function hasPublicRevision(a: { status: AnnotationStatus; publishedRevisionId: string | null }): boolean {
  return a.publishedRevisionId !== null && a.status !== "RETRACTED";
}

/** hasPublicRevision as a database query (a `where` on changes). */
export const HAS_PUBLIC_REVISION_WHERE = { publishedRevisionId: { not: null }, status: { not: "RETRACTED" } } as const;
