"use client";
// The admins' job queue: what waits, what runs (progress, worker, attempt),
// what failed and why, and the latest ends, with Cancel and Retry. It asks
// GET /api/jobs again every POLL_MS while anything waits or runs (every
// IDLE_POLL_MS otherwise), and at once
// after each action.
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import type { JobListItem, JobListView, JobView } from "@/lib/jobs/job-view";
import { asSentence, formatDateTime } from "@/lib/format";
import { ApiError, callApi } from "@/components/ui/api-client";
import ErrorAlert from "@/components/ui/ErrorAlert";

const POLL_MS = 1_500;
const IDLE_POLL_MS = 10_000;

type Action = "cancel" | "retry";
const ACTION_LABELS: Record<Action, string> = { cancel: "Cancel", retry: "Retry" };

const OUTCOME: Record<string, { label: string; color: string }> = {
  SUCCEEDED: { label: "succeeded", color: "var(--ok)" },
  CANCELLED: { label: "cancelled", color: "var(--muted)" },
  FAILED: { label: "failed", color: "var(--danger)" },
};

function When({ iso }: { iso: string | null }) {
  if (!iso) return <span className="muted">—</span>;
  return (
    <time dateTime={iso} title={iso} style={{ whiteSpace: "nowrap" }}>
      {formatDateTime(iso)}
    </time>
  );
}

function StartedBy({ job }: { job: JobListItem }) {
  return job.startedBy ? <>{job.startedBy}</> : <span className="muted">unknown</span>;
}

function Section({ id, title, count, empty, head, children }: { id: string; title: string; count: number; empty: string; head: string[]; children: ReactNode }) {
  return (
    <section className="panel" aria-labelledby={`${id}-heading`} data-testid={id}>
      <h2 id={`${id}-heading`} style={{ marginTop: 0 }}>
        {title} ({count})
      </h2>
      {count === 0 ? (
        <p className="muted small">{empty}</p>
      ) : (
        <table className="list">
          <thead>
            <tr>
              {head.map((h) => (
                <th key={h} scope="col">
                  {h || <span className="visually-hidden">Actions</span>}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>{children}</tbody>
        </table>
      )}
    </section>
  );
}

export default function JobsBoard({ initial }: { initial: JobListView }) {
  const [view, setView] = useState(initial);
  const [refreshError, setRefreshError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  // Answers can arrive out of order (a poll and an action's refresh): only the latest request's answer is shown.
  const asked = useRef(0);
  const shown = useRef(0);
  const active = view.queued.length + view.running.length > 0;

  const refresh = useCallback(async (): Promise<boolean> => {
    const n = ++asked.current;
    try {
      const next = await callApi<JobListView>("/api/jobs");
      if (n > shown.current) {
        shown.current = n;
        setView(next);
        setRefreshError(null);
      }
      return true;
    } catch (e) {
      if (n > shown.current) setRefreshError(`Could not refresh the list: ${asSentence((e as Error).message)}`);
      // Signed out or no longer an admin: asking again will not help.
      return !(e instanceof ApiError && (e.status === 401 || e.status === 403));
    }
  }, []);

  useEffect(() => {
    // Quickly while work waits or runs; slowly while idle, so work started elsewhere and workers coming or going show up.
    const every = active ? POLL_MS : IDLE_POLL_MS;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      const again = await refresh();
      if (!stopped && again) timer = setTimeout(tick, every);
    };
    timer = setTimeout(tick, every);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [active, refresh]);

  async function act(job: JobListItem, action: Action) {
    setBusy(job.id);
    setActionError(null);
    try {
      await callApi<{ job: JobView }>(`/api/jobs/${encodeURIComponent(job.id)}/${action}`, { method: "POST" });
    } catch (e) {
      setActionError(`Could not ${action} “${job.subject}”: ${asSentence((e as Error).message)}`);
    } finally {
      await refresh();
      setBusy(null);
    }
  }

  function button(job: JobListItem, action: Action, label = ACTION_LABELS[action]) {
    return (
      <button
        type="button"
        className="secondary"
        disabled={busy !== null || (action === "cancel" && job.cancelRequested)}
        aria-label={`${ACTION_LABELS[action]} ${job.subject}`}
        onClick={() => act(job, action)}
      >
        {label}
      </button>
    );
  }

  return (
    <div data-testid="jobs-board">
      <div className="row" style={{ justifyContent: "space-between", marginBottom: "0.6rem" }}>
        <p className="small muted" role="status" style={{ margin: 0 }}>
          {active ? `Refreshes itself every ${POLL_MS / 1000} s while jobs wait or run.` : `Nothing waits or runs (refreshes every ${IDLE_POLL_MS / 1000} s).`} Times in UTC.
        </p>
        <button type="button" className="secondary" onClick={() => refresh()}>
          Refresh
        </button>
      </div>
      <ErrorAlert message={actionError} />
      <ErrorAlert message={refreshError} />
      <p className="small" data-testid="jobs-workers" role="status">
        {view.workers.length === 0 ? (
          <strong>No worker is running: queued jobs wait until one is started (`sitewatch worker`).</strong>
        ) : (
          <>
            {view.workers.length === 1 ? "One worker" : `${view.workers.length} workers`} running:{" "}
            {view.workers.map((w, i) => (
              <span key={w.id}>
                {i > 0 && "; "}
                <code>{w.id}</code> ({w.running} of {w.concurrency} job{w.concurrency === 1 ? "" : "s"} at a time, since {formatDateTime(w.startedAt)})
              </span>
            ))}
            .
          </>
        )}
      </p>

      <Section id="jobs-queued" title="Queued" count={view.queued.length} empty="Nothing waits for a worker." head={["What", "Started by", "Waiting since", ""]}>
        {view.queued.map((job) => (
          <tr key={job.id} data-job-id={job.id} data-status={job.status}>
            <td>
              {job.subject}
              {job.attempts > 0 && (
                <div className="small muted">
                  {job.message} (after {job.attempts} of {job.maxAttempts} attempts)
                </div>
              )}
            </td>
            <td>
              <StartedBy job={job} />
            </td>
            {/* A queued row is not touched until a worker claims it, so its last update is when it was (re)queued. */}
            <td>
              <When iso={job.updatedAt} />
            </td>
            <td>{button(job, "cancel")}</td>
          </tr>
        ))}
      </Section>

      <Section id="jobs-running" title="Running" count={view.running.length} empty="No job is running." head={["What", "Progress", "Worker", "Attempt", "Started", ""]}>
        {view.running.map((job) => (
          <tr key={job.id} data-job-id={job.id} data-status={job.status}>
            <td>{job.subject}</td>
            <td style={{ minWidth: "14rem" }}>
              <progress max={1} value={job.progress} aria-label={`Progress of ${job.subject}`} />
              <span className="small">
                {Math.round(job.progress * 100)}% · {job.cancelRequested ? "cancelling…" : job.message}
              </span>
            </td>
            <td>
              <code>{job.worker ?? "—"}</code>
            </td>
            <td>
              {job.attempts} of {job.maxAttempts}
            </td>
            <td>
              <When iso={job.startedAt} />
              <div className="small muted">
                by <StartedBy job={job} />
              </div>
            </td>
            <td>{button(job, "cancel", job.cancelRequested ? "Cancelling…" : "Cancel")}</td>
          </tr>
        ))}
      </Section>

      <Section id="jobs-failed" title="Failed" count={view.failed.length} empty="No job has failed." head={["What", "Why it failed", "When", "Attempts", ""]}>
        {view.failed.map((job) => (
          <tr key={job.id} data-job-id={job.id} data-status={job.status}>
            <td>
              {job.subject}
              <div className="small muted">
                by <StartedBy job={job} />
              </div>
            </td>
            <td style={{ whiteSpace: "pre-wrap", overflowWrap: "break-word", minWidth: "16rem", color: "var(--danger)" }}>{job.error ?? job.message}</td>
            <td>
              <When iso={job.finishedAt} />
            </td>
            <td>
              {job.attempts} of {job.maxAttempts}
            </td>
            <td>{button(job, "retry")}</td>
          </tr>
        ))}
      </Section>

      <Section id="jobs-recent" title="Recently finished" count={view.recent.length} empty="No job has finished yet." head={["What", "Outcome", "Finished", "Started by", ""]}>
        {view.recent.map((job) => {
          const outcome = OUTCOME[job.status] ?? { label: job.status.toLowerCase(), color: "var(--ink)" };
          return (
            <tr key={job.id} data-job-id={job.id} data-status={job.status}>
              <td>{job.subject}</td>
              <td>
                <span className="badge" style={{ color: outcome.color }}>
                  {outcome.label}
                </span>
              </td>
              <td>
                <When iso={job.finishedAt} />
              </td>
              <td>
                <StartedBy job={job} />
              </td>
              <td>{job.status === "CANCELLED" && button(job, "retry")}</td>
            </tr>
          );
        })}
      </Section>
    </div>
  );
}
