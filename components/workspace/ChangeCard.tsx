"use client";
// One change in the workspace or the review queue: its content, the review
// moves this person may make, and its history.
import { useState } from "react";
import type { Role } from "@prisma/client";
import { ApiError, callApi } from "@/components/ui/api-client";
import ErrorAlert from "@/components/ui/ErrorAlert";
import SourceList from "@/components/ui/SourceList";
import type { ChangeView } from "@/lib/annotations/change-view";
import { labelOf } from "@/lib/annotations/taxonomy";
import { formatArea } from "@/lib/geo/area-geometry";
import { formatDate, formatDateTime } from "@/lib/format";
import { movesFrom, type ReviewAction } from "@/lib/review/review-moves";

const ACTION_LABELS: Record<ReviewAction, string> = {
  submit: "Submit for review",
  approve: "Approve",
  request_changes: "Request changes",
  reject: "Reject",
  resubmit: "Resubmit",
  publish: "Publish",
  retract: "Retract",
};

interface EventView {
  id: string;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  comment: string | null;
  createdAt: string;
  revisionNumber: number | null;
  actor: { name: string };
}

export default function ChangeCard(props: {
  change: ChangeView;
  user: { id: string; role: Role };
  selected?: boolean;
  onSelect?: () => void;
  onChanged: () => void;
}) {
  const { change, user } = props;
  const [comment, setComment] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [events, setEvents] = useState<EventView[] | null>(null);
  const isAuthor = change.authorId === user.id || change.revisionAuthorId === user.id;
  const moves = movesFrom(change.status, user.role, isAuthor);
  const needsComment = moves.some((m) => m.commentRequired);

  async function move(to: string, commentRequired: boolean) {
    setError(null);
    if (commentRequired && !comment.trim()) {
      setError("Write a comment that says why first.");
      return;
    }
    setBusy(true);
    try {
      await callApi(`/api/annotations/${change.id}/transitions`, { body: { to, version: change.version, comment: comment || undefined } });
      setComment("");
      props.onChanged();
    } catch (err) {
      setError(err instanceof ApiError ? (err.status === 409 ? `${err.message}. The list has been reloaded.` : err.message) : "could not reach the server");
      if (err instanceof ApiError && err.status === 409) props.onChanged();
    } finally {
      setBusy(false);
    }
  }

  return (
    <article className="change-item" aria-current={props.selected} data-change-id={change.id} data-status={change.status}>
      <div className="row">
        <span className={`badge status-${change.status}`}>{change.status.replace("_", " ").toLowerCase()}</span>
        <button type="button" className="secondary" onClick={props.onSelect} aria-pressed={props.selected}>
          {labelOf(change.changeType)}
        </button>
        {change.damageGrade && <span className="badge">{labelOf(change.damageGrade)}</span>}
        <span className="badge">{change.confidence} confidence</span>
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
          {change.authorName}, revision {change.revision}, {formatDateTime(change.updatedAt)}
        </dd>
      </dl>
      <p>{change.description}</p>
      <SourceList sources={change.sources} />
      {moves.length > 0 && (
        <div className="stack">
          {needsComment && (
            <label>
              Comment {moves.every((m) => m.commentRequired) ? "" : "(required to request changes or reject)"}
              <textarea value={comment} onChange={(e) => setComment(e.target.value)} />
            </label>
          )}
          <div className="row">
            {moves.map((m) => (
              <button
                key={m.action}
                type="button"
                className={m.action === "reject" ? "danger" : m.action === "request_changes" ? "secondary" : undefined}
                disabled={busy}
                onClick={() => move(m.to, m.commentRequired)}
              >
                {ACTION_LABELS[m.action]}
              </button>
            ))}
          </div>
        </div>
      )}
      {change.status === "SUBMITTED" && user.role !== "ANALYST" && isAuthor && (
        <p className="small muted">You wrote this change, so another editor must review it.</p>
      )}
      <ErrorAlert message={error} />
      <button
        type="button"
        className="secondary small"
        onClick={async () => {
          if (events) return setEvents(null);
          const data = await callApi<{ events: EventView[] }>(`/api/annotations/${change.id}/events`);
          setEvents(data.events);
        }}
      >
        {events ? "Hide history" : "History"}
      </button>
      {events && (
        <ol className="small">
          {events.map((ev) => (
            <li key={ev.id}>
              {formatDateTime(ev.createdAt)} — {ev.actor.name}: {ev.action.replace("_", " ")}
              {ev.fromStatus && ev.fromStatus !== ev.toStatus ? ` (${ev.fromStatus} → ${ev.toStatus})` : ""}
              {ev.revisionNumber ? `, revision ${ev.revisionNumber}` : ""}
              {ev.comment && <>: “{ev.comment}”</>}
            </li>
          ))}
        </ol>
      )}
    </article>
  );
}
