"use client";
// The full history of a change: every event with who, when and what changed,
// outlines before and after each edit, and every revision.
import { useEffect, useState } from "react";
import { ApiError, callApi } from "@/components/ui/api-client";
import ErrorAlert from "@/components/ui/ErrorAlert";
import OutlineDiff from "@/components/ui/OutlineDiff";
import type { ChangeHistory } from "@/lib/annotations/change-history";
import { formatDateTime } from "@/lib/format";
import { statusLabel } from "@/lib/annotations/taxonomy";

export default function ChangeHistoryPanel({ annotationId }: { annotationId: string }) {
  const [history, setHistory] = useState<ChangeHistory | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    callApi<ChangeHistory>(`/api/annotations/${annotationId}/history`)
      .then(setHistory)
      .catch((err) => setError(err instanceof ApiError ? err.message : "could not load the history"));
  }, [annotationId]);
  if (error) return <ErrorAlert message={error} />;
  if (!history) return <p className="small muted">Loading the history…</p>;
  return (
    <section className="history" aria-label="History" data-testid="history">
      <ol className="small history-events">
        {history.events.map((e) => (
          <li key={e.id} data-action={e.action}>
            <strong>{formatDateTime(e.createdAt)}</strong> — {e.actor.name} {e.verb} it
            {e.fromStatus && e.fromStatus !== e.toStatus ? ` (${statusLabel(e.fromStatus)} → ${statusLabel(e.toStatus)})` : ""}
            {e.revisionNumber ? `, revision ${e.revisionNumber}` : ""}
            {e.comment && <>: “{e.comment}”</>}
            {e.changes.length > 0 && (
              <ul className="field-changes">
                {e.changes.map((c) =>
                  "summary" in c ? (
                    <li key={c.field}>
                      {c.label}: {c.summary}
                      <OutlineDiff from={c.from} to={c.to} label={`The outline before and after this edit: ${c.summary}`} />
                    </li>
                  ) : (
                    <li key={c.field}>
                      {c.label}: <del>{c.from}</del> → <ins>{c.to}</ins>
                    </li>
                  ),
                )}
              </ul>
            )}
          </li>
        ))}
      </ol>
      <details>
        <summary className="small">Revisions ({history.revisions.length})</summary>
        <ol className="small revisions">
          {history.revisions.map((r, i) => (
            <li key={r.number}>
              Revision {r.number} by {r.createdBy}, {formatDateTime(r.createdAt)}
              {r.published && <span className="badge public"> published</span>}
              <OutlineDiff from={history.revisions[i - 1]?.geometry ?? null} to={r.geometry} label={`Outline of revision ${r.number}`} />
            </li>
          ))}
        </ol>
      </details>
    </section>
  );
}
