"use client";
// The discussion under a change: threaded comments, signed-in people only.
import { useCallback, useEffect, useState } from "react";
import { ApiError, callApi } from "@/components/ui/api-client";
import ErrorAlert from "@/components/ui/ErrorAlert";
import type { CommentView } from "@/lib/annotations/change-view";
import { formatDateTime } from "@/lib/format";

function CommentForm({ annotationId, parentId, onPosted, label }: { annotationId: string; parentId?: string; onPosted: () => void; label: string }) {
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="stack"
      aria-label={label}
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
          await callApi(`/api/annotations/${annotationId}/comments`, { body: { body, parentId } });
          setBody("");
          onPosted();
        } catch (err) {
          setError(err instanceof ApiError ? err.message : "could not reach the server");
        } finally {
          setBusy(false);
        }
      }}
    >
      <label>
        {label}
        <textarea value={body} onChange={(e) => setBody(e.target.value)} required />
      </label>
      <ErrorAlert message={error} />
      <div>
        <button type="submit" className="secondary small" disabled={busy || !body.trim()}>
          {parentId ? "Reply" : "Comment"}
        </button>
      </div>
    </form>
  );
}

function Thread({ comments, parentId, annotationId, onPosted }: { comments: CommentView[]; parentId: string | null; annotationId: string; onPosted: () => void }) {
  const [replyTo, setReplyTo] = useState<string | null>(null);
  const here = comments.filter((c) => c.parentId === parentId);
  if (here.length === 0) return null;
  return (
    <ul className="comments">
      {here.map((c) => (
        <li key={c.id} data-comment-id={c.id}>
          <p className="small muted" style={{ margin: 0 }}>
            {c.author.name} ({c.author.role.toLowerCase()}), {formatDateTime(c.createdAt)}
          </p>
          <p style={{ margin: "0.1rem 0", whiteSpace: "pre-wrap" }}>{c.body}</p>
          <button type="button" className="link small" onClick={() => setReplyTo((r) => (r === c.id ? null : c.id))}>
            Reply
          </button>
          {replyTo === c.id && (
            <CommentForm
              annotationId={annotationId}
              parentId={c.id}
              label={`Reply to ${c.author.name}`}
              onPosted={() => {
                setReplyTo(null);
                onPosted();
              }}
            />
          )}
          <Thread comments={comments} parentId={c.id} annotationId={annotationId} onPosted={onPosted} />
        </li>
      ))}
    </ul>
  );
}

export default function ChangeComments({ annotationId }: { annotationId: string }) {
  const [comments, setComments] = useState<CommentView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setComments((await callApi<{ comments: CommentView[] }>(`/api/annotations/${annotationId}/comments`)).comments);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "could not load the comments");
    }
  }, [annotationId]);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <section className="stack comments-panel" aria-label="Comments" data-testid="comments">
      <ErrorAlert message={error} />
      {comments === null ? (
        <p className="small muted">Loading comments…</p>
      ) : comments.length === 0 ? (
        <p className="small muted">No comments yet. Only signed-in people see them.</p>
      ) : null}
      {comments && <Thread comments={comments} parentId={null} annotationId={annotationId} onPosted={load} />}
      <CommentForm annotationId={annotationId} onPosted={load} label="Add a comment (signed-in people only)" />
    </section>
  );
}
