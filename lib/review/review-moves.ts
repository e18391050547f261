// The review workflow as one table of allowed moves. Pure: the server function
// (transition-annotation.server.ts), the UI (which buttons to show) and the
// tests all read this table, so there is one place that says who may do what.
import type { AnnotationStatus, Role } from "@prisma/client";

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

const REVIEWERS = ["EDITOR", "ADMIN"] as const satisfies readonly Role[];
const EVERYONE = ["ANALYST", "EDITOR", "ADMIN"] as const satisfies readonly Role[];

export const REVIEW_MOVES: readonly ReviewMove[] = [
  { action: "submit", from: "DRAFT", to: "SUBMITTED", roles: EVERYONE, byAuthor: true, commentRequired: false, viaReleaseOnly: false },
  { action: "approve", from: "SUBMITTED", to: "APPROVED", roles: REVIEWERS, byAuthor: false, commentRequired: false, viaReleaseOnly: false },
  { action: "request_changes", from: "SUBMITTED", to: "CHANGES_REQUESTED", roles: REVIEWERS, byAuthor: false, commentRequired: true, viaReleaseOnly: false },
  { action: "reject", from: "SUBMITTED", to: "REJECTED", roles: REVIEWERS, byAuthor: false, commentRequired: true, viaReleaseOnly: false },
  { action: "resubmit", from: "CHANGES_REQUESTED", to: "SUBMITTED", roles: EVERYONE, byAuthor: true, commentRequired: false, viaReleaseOnly: false },
  { action: "publish", from: "APPROVED", to: "PUBLISHED", roles: REVIEWERS, byAuthor: false, commentRequired: false, viaReleaseOnly: true },
  { action: "retract", from: "PUBLISHED", to: "RETRACTED", roles: REVIEWERS, byAuthor: null, commentRequired: true, viaReleaseOnly: false },
  // A published change being revised is still public: it can be retracted whatever its working revision's state.
  ...(["DRAFT", "SUBMITTED", "CHANGES_REQUESTED", "APPROVED", "REJECTED"] as const).map(
    (from): ReviewMove => ({ action: "retract", from, to: "RETRACTED", roles: REVIEWERS, byAuthor: null, commentRequired: true, viaReleaseOnly: false, needsPublicRevision: true }),
  ),
];

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
  if (move.viaReleaseOnly && !args.viaRelease) {
    return { ok: false, refusal: { reason: "release-only", message: `${args.to} is reached only by publishing a site release` } };
  }
  if (!move.roles.includes(args.role)) {
    return { ok: false, refusal: { reason: "role", message: `${move.action.replace("_", " ")} needs one of these roles: ${move.roles.join(", ").toLowerCase()}` } };
  }
  if (move.byAuthor === false && args.isAuthor) {
    return { ok: false, refusal: { reason: "four-eyes", message: `you cannot ${move.action.replace("_", " ")} a change you wrote: another editor must review it` } };
  }
  if (move.byAuthor === true && !args.isAuthor) {
    return { ok: false, refusal: { reason: "author-only", message: `only the change's author can ${move.action}` } };
  }
  if (move.commentRequired && !args.comment?.trim()) {
    return { ok: false, refusal: { reason: "comment-required", message: `${move.action.replace("_", " ")} needs a comment that says why` } };
  }
  return { ok: true, move };
}

/** The moves a person could make from a status, for showing buttons. */
export function movesFrom(from: AnnotationStatus, role: Role, isAuthor: boolean, hasPublicRevision = false): ReviewMove[] {
  return REVIEW_MOVES.filter(
    (m) =>
      m.from === from &&
      !m.viaReleaseOnly &&
      (!m.needsPublicRevision || hasPublicRevision) &&
      m.roles.includes(role) &&
      !(m.byAuthor === false && isAuthor) &&
      !(m.byAuthor === true && !isAuthor),
  );
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

export type EditDecision =
  | { ok: true; to: AnnotationStatus }
  | { ok: false; refusal: { reason: "not-editable" | "author-only" | "role"; message: string } };

/** Whether `role` may edit a change in `from` (roles: all who may annotate, which is every role today). */
export function decideEdit(args: { from: AnnotationStatus; role: Role; isAuthor: boolean; hasPublicRevision?: boolean }): EditDecision {
  const rule = EDIT_RULES.find((r) => r.from === args.from && (!r.needsPublicRevision || args.hasPublicRevision));
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
  if (!(EVERYONE as readonly Role[]).includes(args.role)) return { ok: false, refusal: { reason: "role", message: "your role may not edit changes" } };
  if (rule.byAuthor && !args.isAuthor) {
    return { ok: false, refusal: { reason: "author-only", message: `only its authors can edit a change in ${args.from}; leave them a comment instead` } };
  }
  return { ok: true, to: rule.to };
}

/**
 * Who counts as an author for four eyes: whoever created the change, and whoever
 * wrote a revision that is not yet public (everything since the published revision).
 */
export function authorIdsOf(args: { authorId: string; revisions: { number: number; createdById: string }[]; publishedRevisionNumber: number | null }): string[] {
  const since = args.publishedRevisionNumber ?? 0;
  return [...new Set([args.authorId, ...args.revisions.filter((r) => r.number > since).map((r) => r.createdById)])];
}
