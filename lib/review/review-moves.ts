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
  comment?: string | null;
  viaRelease?: boolean;
}): MoveDecision {
  const move = REVIEW_MOVES.find((m) => m.from === args.from && m.to === args.to);
  if (!move) {
    return { ok: false, refusal: { reason: "no-such-move", message: `a change cannot move from ${args.from} to ${args.to}` } };
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
export function movesFrom(from: AnnotationStatus, role: Role, isAuthor: boolean): ReviewMove[] {
  return REVIEW_MOVES.filter(
    (m) =>
      m.from === from &&
      !m.viaReleaseOnly &&
      m.roles.includes(role) &&
      !(m.byAuthor === false && isAuthor) &&
      !(m.byAuthor === true && !isAuthor),
  );
}

/** Statuses in which the author may still edit the change's content. */
export const EDITABLE_STATUSES: readonly AnnotationStatus[] = ["DRAFT", "CHANGES_REQUESTED"];
