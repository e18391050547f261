"use client";
// One change in the workspace, the review queue or a person's own list: its
// content, the review moves this person may make (the same table the server
// applies), editing, the discussion under it and its full history.
import { useState } from "react";
import type { Role } from "@prisma/client";
import { ApiError, callApi } from "@/components/ui/api-client";
import ErrorAlert from "@/components/ui/ErrorAlert";
import EventsSince from "@/components/ui/EventsSince";
import SourceList from "@/components/ui/SourceList";
import { isStaleVersionDetails, type ChangeView, type StaleVersionDetails } from "@/lib/annotations/change-view";
import { labelOf, statusLabel } from "@/lib/annotations/taxonomy";
import { formatArea } from "@/lib/geo/area-geometry";
import { formatDate, formatDateTime } from "@/lib/format";
import { decideEdit, isCorrectionEdit, movesBarredByFourEyes, movesFrom, type ReviewAction } from "@/lib/review/review-moves";
import ChangeComments from "./ChangeComments";
import ChangeHistoryPanel from "./ChangeHistoryPanel";

const ACTION_LABELS: Record<ReviewAction, string> = {
  submit: "Submit for review",
  approve: "Approve",
  request_changes: "Request changes",
  reject: "Reject",
  resubmit: "Resubmit",
  publish: "Publish",
  retract: "Retract",
};

const REVIEW_VERBS: Record<string, string> = {
  request_changes: "asked for changes",
  reject: "rejected it",
  retract: "retracted it (public note)",
  approve: "approved it",
};

export default function ChangeCard(props: {
  change: ChangeView;
  user: { id: string; role: Role };
  typeLabels?: ReadonlyMap<string, string>;
  selected?: boolean;
  onSelect?: () => void;
  /** Offered when this person may edit the change (the workspace opens it in the drawing tools). */
  onEdit?: () => void;
  onChanged: () => void;
  /** Start with the history open (the review queue shows what changed since the last review). */
  compact?: boolean;
}) {
  const { change, user } = props;
  const [comment, setComment] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [stale, setStale] = useState<StaleVersionDetails["since"] | null>(null);
  const [busy, setBusy] = useState(false);
  const [panel, setPanel] = useState<"comments" | "history" | null>(null);
  const isAuthor = change.authorIds.includes(user.id);
  const isPublic = change.publicRevision !== null;
  const moves = movesFrom({ from: change.status, role: user.role, isAuthor, hasPublicRevision: isPublic });
  // Four eyes, as the move table says it: the moves this person's role allows but their own work bars.
  const barredByFourEyes = movesBarredByFourEyes({ from: change.status, role: user.role, isAuthor, hasPublicRevision: isPublic }).length > 0;
  const canEdit = decideEdit({ from: change.status, role: user.role, isAuthor, hasPublicRevision: isPublic }).ok;
  const commentMoves = moves.filter((m) => m.commentRequired);
  const retractable = moves.some((m) => m.action === "retract");
  // Retracting is rare and grave: its note field opens on request, not on every published change.
  const retractOnly = commentMoves.length > 0 && commentMoves.every((m) => m.action === "retract");
  const [commentOpen, setCommentOpen] = useState(!retractOnly);

  async function move(to: string, commentRequired: boolean, action: ReviewAction) {
    setError(null);
    setStale(null);
    if (commentRequired && !comment.trim()) {
      setError(action === "retract" ? "Write the public note that explains the retraction first." : "Write a comment that says why first.");
      return;
    }
    setBusy(true);
    try {
      await callApi(`/api/annotations/${change.id}/transitions`, { body: { to, version: change.version, comment: comment || undefined } });
      setComment("");
      props.onChanged();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && isStaleVersionDetails(err.details)) {
        // Keep this card (and the comment typed) until the person has read what happened; reloading replaces it.
        setError(`${err.message}. Your ${ACTION_LABELS[action].toLowerCase()} was not made.`);
        setStale(err.details.since);
      } else {
        setError(err instanceof ApiError ? err.message : "could not reach the server");
      }
    } finally {
      setBusy(false);
    }
  }

  const commentLabel = retractable
    ? commentMoves.length > 1
      ? "Comment (required to request changes or reject; to retract, the public note shown in the next release)"
      : "Public note (required to retract; it is shown to the public in the next release's changelog)"
    : commentMoves.length === moves.length
      ? "Comment"
      : "Comment (required to request changes or reject)";

  return (
    <article className="change-item" aria-current={props.selected} data-change-id={change.id} data-status={change.status}>
      <div className="row">
        <span className={`badge status-${change.status}`}>{statusLabel(change.status)}</span>
        <button type="button" className="secondary" onClick={props.onSelect} aria-pressed={props.selected}>
          {change.changeTypeLabel}
        </button>
        {change.damageGrade && <span className="badge">{labelOf(change.damageGrade)}</span>}
        <span className="badge">{change.confidence} confidence</span>
        {isPublic && change.publicRevision !== change.revision && (
          <span className="badge public" title="A correction is in progress: the public sees this revision until a release publishes the correction">
            public: revision {change.publicRevision}
          </span>
        )}
      </div>
      <dl className="facts">
        <dt>Window</dt>
        <dd>
          {formatDate(change.beforeDate)} → {formatDate(change.afterDate)}
          {change.syntheticImagery && <span className="badge synthetic"> synthetic imagery</span>}
        </dd>
        <dt>Area</dt>
        <dd>{formatArea(change.areaM2)}</dd>
        <dt>By</dt>
        <dd>
          {change.authorName}
          {change.revisionAuthorName !== change.authorName ? `; revision ${change.revision} by ${change.revisionAuthorName}` : `, revision ${change.revision}`},{" "}
          {formatDateTime(change.updatedAt)}
        </dd>
        {change.tags.length > 0 && (
          <>
            <dt>Tags</dt>
            <dd>
              {change.tags.map((t) => (
                <span key={t} className="badge tag">
                  {t}
                </span>
              ))}
            </dd>
          </>
        )}
      </dl>
      {change.lastReview && ["CHANGES_REQUESTED", "REJECTED", "RETRACTED", "APPROVED"].includes(change.status) && (
        <blockquote className="review-note" data-testid="last-review">
          <span className="small muted">
            {change.lastReview.actorName} {REVIEW_VERBS[change.lastReview.action] ?? change.lastReview.action}, {formatDateTime(change.lastReview.at)}:
          </span>{" "}
          {change.lastReview.comment}
        </blockquote>
      )}
      <p className="description">{change.description}</p>
      <SourceList sources={change.sources} />
      {moves.length > 0 && (
        <div className="stack">
          {commentMoves.length > 0 && commentOpen && (
            <label>
              {commentLabel}
              <textarea value={comment} onChange={(e) => setComment(e.target.value)} />
            </label>
          )}
          <div className="row">
            {moves.map((m) =>
              m.action === "retract" && !commentOpen ? (
                <button key={m.action} type="button" className="secondary" onClick={() => setCommentOpen(true)}>
                  Retract…
                </button>
              ) : (
                <button
                  key={m.action}
                  type="button"
                  className={m.action === "reject" || m.action === "retract" ? "danger" : m.action === "request_changes" ? "secondary" : undefined}
                  disabled={busy}
                  onClick={() => move(m.to, m.commentRequired, m.action)}
                >
                  {ACTION_LABELS[m.action]}
                </button>
              ),
            )}
          </div>
        </div>
      )}
      {barredByFourEyes && <p className="small muted">You wrote this change or a revision of it, so another editor must review it.</p>}
      <ErrorAlert message={error} />
      {stale && (
        <div className="stack">
          <EventsSince events={stale} testId="move-conflict" />
          <div>
            <button type="button" className="secondary small" onClick={props.onChanged}>
              Show the change as it is now
            </button>
          </div>
        </div>
      )}
      <div className="row">
        {canEdit && props.onEdit && (
          <button type="button" className="secondary small" onClick={props.onEdit}>
            {isCorrectionEdit({ from: change.status, hasPublicRevision: isPublic }) ? "Correct (new revision)" : "Edit"}
          </button>
        )}
        <button type="button" className="secondary small" aria-expanded={panel === "comments"} onClick={() => setPanel((p) => (p === "comments" ? null : "comments"))}>
          Comments{change.commentCount ? ` (${change.commentCount})` : ""}
        </button>
        <button type="button" className="secondary small" aria-expanded={panel === "history"} onClick={() => setPanel((p) => (p === "history" ? null : "history"))}>
          History
        </button>
      </div>
      {panel === "comments" && <ChangeComments annotationId={change.id} />}
      {panel === "history" && <ChangeHistoryPanel annotationId={change.id} />}
      {panel === "history" && (
        <p className="small">
          <a href={`/workspace/changes/${change.id}/custody`} data-testid="custody-link">
            Chain of custody
          </a>{" "}
          (every file, hash, person, decision and release behind this change; printable)
        </p>
      )}
    </article>
  );
}
