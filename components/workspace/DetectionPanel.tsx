"use client";
// "Find changes" between the two compared scenes: starts a detection job,
// shows its progress (cancellable) and what went wrong, then the candidates,
// strongest first, to accept (a DRAFT change to describe) or dismiss (with a
// reason). Keys inside the list: ↓/j next, ↑/k previous, a accept, d dismiss.
import { useCallback, useEffect, useRef, useState } from "react";
import { windowProblem } from "@/lib/annotations/annotation-rules";
import type { SceneView } from "@/lib/scenes/scene-view";
import { SAME_CANDIDATE_IOU } from "@/lib/detect/candidate-overlap";
import { describeDismissReason, dismissNeedsNote, DISMISS_NOTE_MAX, DISMISS_REASON_LABELS, DISMISS_REASONS, SENSITIVITY, type DismissReason } from "@/lib/detect/detect.schema";
import { isJobActive } from "@/lib/jobs/job-rules";
import type { AcceptedCandidate, CandidateList, CandidateView, DetectionCounts, DetectionJobView } from "@/lib/detect/detect-views";
import { describeObscured, describeRegistration } from "@/lib/detect/detection-report";
import BandChoice from "./BandChoice";
import JobProgressLine from "./JobProgressLine";
import { ApiError, callApi } from "@/components/ui/api-client";
import { formatArea } from "@/lib/format";
import { formatDate } from "@/lib/format";
import { statusLabel } from "@/lib/annotations/taxonomy";

/** A candidate as the panel and the map use it. */
export type CandidateItem = CandidateView;

/** The job being followed: as GET /api/jobs/:id returns it, or as the panel starts it before the server has answered. */
type JobState = Pick<DetectionJobView, "id" | "status" | "progress" | "message" | "error" | "workersOnline"> & {
  result?: DetectionJobView["result"];
  /** The pair the job compares ("before|after"): its progress and result show only while that pair is chosen. */
  pairKey: string;
};

interface Props {
  siteId: string;
  scenes: SceneView[];
  beforeId: string | null;
  afterId: string | null;
  selectedId: string | null;
  onSelect: (candidate: CandidateItem | null) => void;
  /** The candidates of the pair as loaded (the map draws the undecided ones). */
  onCandidates: (candidates: CandidateItem[]) => void;
  /** A candidate became a DRAFT change: the workspace opens it for editing. */
  onAccepted: (annotationId: string) => void;
  /** Change type keys to labels. */
  typeLabels: Map<string, string>;
}

function messageOf(err: unknown): string {
  return err instanceof ApiError ? err.message : "could not reach the server";
}

export default function DetectionPanel({ siteId, scenes, beforeId, afterId, selectedId, onSelect, onCandidates, onAccepted, typeLabels }: Props) {
  const before = scenes.find((s) => s.id === beforeId) ?? null;
  const after = scenes.find((s) => s.id === afterId) ?? null;
  const pairOk = Boolean(before && after && !windowProblem({ before, after }));
  const pairKey = `${beforeId}|${afterId}`;
  const [sensitivity, setSensitivity] = useState<number>(SENSITIVITY.default);
  const commonBands = before && after ? Math.min(before.bandCount, after.bandCount) : 0;
  const [chosenBands, setChosenBands] = useState<number[] | null>(null);
  // Bands past what this pair has are dropped from the choice.
  const bands = chosenBands?.filter((b) => b <= commonBands) ?? null;
  const [job, setJob] = useState<JobState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [candidates, setCandidates] = useState<CandidateItem[]>([]);
  const [counts, setCounts] = useState<DetectionCounts | null>(null);
  const [dismissing, setDismissing] = useState<string | null>(null);
  const [reason, setReason] = useState<DismissReason>("not_a_change");
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const listRef = useRef<HTMLOListElement>(null);
  const onCandidatesRef = useRef(onCandidates);
  onCandidatesRef.current = onCandidates;

  const load = useCallback(async () => {
    if (!pairOk) {
      setCandidates([]);
      onCandidatesRef.current([]);
      return;
    }
    let body: CandidateList;
    try {
      body = await callApi<CandidateList>(`/api/sites/${siteId}/candidates?before=${beforeId}&after=${afterId}`);
    } catch (err) {
      return setError(messageOf(err));
    }
    setCandidates(body.candidates);
    setCounts(body.counts);
    onCandidatesRef.current(body.candidates);
    // A detection of this pair is queued or running (started before a reload, in another tab, by someone else): follow it.
    // Another pair's job (the pair was switched while it ran) is let go: its candidates are stored under its own pair.
    const active = body.activeJobId;
    setJob((current) =>
      current && current.pairKey === pairKey
        ? current
        : active
          ? { id: active, status: "RUNNING", progress: 0, message: "already running, started earlier", error: null, pairKey }
          : null,
    );
  }, [siteId, beforeId, afterId, pairOk, pairKey]);

  useEffect(() => {
    void load();
  }, [load]);

  // Poll the running job.
  const running = job && isJobActive(job.status);
  useEffect(() => {
    if (!running || !job) return;
    const timer = setInterval(async () => {
      let next: DetectionJobView;
      try {
        next = (await callApi<{ job: DetectionJobView }>(`/api/jobs/${job.id}`)).job;
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) {
          // A job someone else started: only its starter can follow it.
          setJob(null);
          setError("Detection is already queued or running on these two scenes, started by someone else. Try again when it has finished.");
        }
        // Anything else (a network blip): try again at the next tick.
        return;
      }
      // Done is shown together with the candidates it found.
      if (next.status === "SUCCEEDED") await load();
      setJob((current) => (current && current.id === next.id ? { ...next, pairKey: current.pairKey } : current));
      if (next.status === "FAILED") setError(`Detection failed: ${next.error ?? "unknown error"}`);
    }, 400);
    return () => clearInterval(timer);
  }, [running, job, load]);

  // A cancelled or failed job may be retried elsewhere (the jobs page, another tab): look now and then, and follow it again.
  const ended = job && (job.status === "CANCELLED" || job.status === "FAILED");
  useEffect(() => {
    if (!ended || !job) return;
    const timer = setInterval(async () => {
      const next = await callApi<{ job: DetectionJobView }>(`/api/jobs/${job.id}`).then(
        (r) => r.job,
        () => null,
      );
      if (next && isJobActive(next.status)) {
        setError(null);
        setJob((current) => (current && current.id === next.id ? { ...next, pairKey: current.pairKey } : current));
      }
    }, 5_000);
    return () => clearInterval(timer);
  }, [ended, job]);

  async function start() {
    setError(null);
    const id = crypto.randomUUID();
    setJob({ id, status: "RUNNING", progress: 0, message: "starting", error: null, pairKey });
    try {
      const started = await callApi<{ job: DetectionJobView }>(`/api/sites/${siteId}/detect`, {
        body: { beforeSceneId: beforeId, afterSceneId: afterId, sensitivity, jobId: id, ...(bands ? { bands } : {}) },
      });
      setJob((current) => (current && current.id === id ? { ...started.job, pairKey } : current));
    } catch (err) {
      const running = err instanceof ApiError && err.status === 409 ? (err.details as { jobId?: string } | undefined)?.jobId : undefined;
      if (running) {
        // Started earlier (another tab, or before a reload): follow that job, with its progress and Cancel.
        setJob({ id: running, status: "RUNNING", progress: 0, message: "already running, started earlier", error: null, pairKey });
        return;
      }
      setJob(null);
      setError(messageOf(err));
    }
  }

  async function cancel() {
    if (!job) return;
    try {
      await callApi(`/api/jobs/${job.id}/cancel`, { method: "POST" });
    } catch (err) {
      setError(messageOf(err));
    }
  }

  const undecided = candidates.filter((c) => c.status === "UNDECIDED");
  const decided = candidates.filter((c) => c.status !== "UNDECIDED");

  async function accept(c: CandidateItem) {
    setBusy(true);
    setError(null);
    let accepted: AcceptedCandidate;
    try {
      accepted = await callApi<AcceptedCandidate>(`/api/candidates/${c.id}/accept`, { body: {} });
    } catch (err) {
      // Someone else may have decided it, or re-run the pair: show the list as it is now.
      setError(`Could not accept it: ${messageOf(err)}. The list below is as it is now.`);
      return load();
    } finally {
      setBusy(false);
    }
    const { annotation } = accepted;
    await load();
    onAccepted(annotation.id);
  }

  async function dismiss(c: CandidateItem) {
    setBusy(true);
    setError(null);
    try {
      await callApi(`/api/candidates/${c.id}/dismiss`, { body: { reason, note: note.trim() || undefined } });
    } catch (err) {
      setError(`Could not dismiss it: ${messageOf(err)}. The list below is as it is now.`);
      setDismissing(null);
      return load();
    } finally {
      setBusy(false);
    }
    setDismissing(null);
    setNote("");
    const next = undecided[undecided.findIndex((x) => x.id === c.id) + 1] ?? null;
    await load();
    select(next);
  }

  /** Opens the dismiss form; a candidate that overlaps a recorded change starts on "already recorded". */
  function openDismiss(c: CandidateItem) {
    if (dismissing === c.id) return setDismissing(null);
    setDismissing(c.id);
    setReason(c.overlaps.some((o) => o.iou >= SAME_CANDIDATE_IOU) ? "already_recorded" : "not_a_change");
  }

  function select(c: CandidateItem | null) {
    onSelect(c);
    if (c) requestAnimationFrame(() => listRef.current?.querySelector<HTMLButtonElement>(`[data-candidate-id="${c.id}"] button.candidate-pick`)?.focus());
  }

  function onKeyDown(e: React.KeyboardEvent) {
    const target = e.target as HTMLElement;
    if (target.closest("input, select, textarea") || e.ctrlKey || e.metaKey || e.altKey) return;
    const i = undecided.findIndex((c) => c.id === selectedId);
    const key = e.key.toLowerCase();
    if (key === "arrowdown" || key === "j") select(undecided[Math.min(undecided.length - 1, i + 1)] ?? null);
    else if (key === "arrowup" || key === "k") select(undecided[Math.max(0, i - 1)] ?? null);
    else if (key === "a" && i >= 0 && !busy) void accept(undecided[i]!);
    else if (key === "d" && i >= 0) openDismiss(undecided[i]!);
    else if (key === "escape") setDismissing(null);
    else return;
    e.preventDefault();
  }

  return (
    <section className="panel" aria-labelledby="detect-heading" data-testid="detection" onKeyDown={onKeyDown}>
      <h2 id="detect-heading" style={{ marginTop: 0 }}>
        Find changes
      </h2>
      {pairOk ? (
        <p className="small">
          Compares <strong>{formatDate(before!.acquiredAt)}</strong> → <strong>{formatDate(after!.acquiredAt)}</strong> inside the site footprint and proposes candidates. None
          reaches anyone else until you accept it as a draft change and it passes review.
        </p>
      ) : (
        <p className="small muted">Choose an earlier before scene and a later after scene (Swipe or Side by side, above) to search between them.</p>
      )}
      <div className="row small">
        <label className="inline">
          Sensitivity
          <input
            type="range"
            min={SENSITIVITY.min}
            max={SENSITIVITY.max}
            step={0.05}
            value={sensitivity}
            onChange={(e) => setSensitivity(Number(e.target.value))}
            aria-valuetext={`${sensitivity.toFixed(2)} (${SENSITIVITY.default} is the automatic threshold; higher finds more)`}
          />
          <span>{sensitivity.toFixed(2)}</span>
        </label>
        <button type="button" onClick={start} disabled={!pairOk || Boolean(running) || bands?.length === 0}>
          Find changes
        </button>
        {running && (
          <button type="button" className="secondary" onClick={cancel}>
            Cancel
          </button>
        )}
      </div>
      {pairOk && <BandChoice count={commonBands} chosen={bands} onChange={setChosenBands} />}
      {job && running && <JobProgressLine job={job} label="Detection progress" testId="detect-progress" />}
      {job?.status === "CANCELLED" && (
        <p role="status" className="small muted">
          Cancelled. The candidates are as they were.
        </p>
      )}
      {job?.status === "SUCCEEDED" && (
        <p role="status" className="small" data-testid="detect-done">
          Done: {job.message}.
          {job.result && (
            <span className="muted">
              {" "}
              Threshold {job.result.threshold.toFixed(1)} over {job.result.pixelsCompared.toLocaleString("en")} pixels compared
              {job.result.replaced > 0 && `; ${job.result.replaced} undecided from the last run replaced`}
              {job.result.alreadyDecided > 0 && `; ${job.result.alreadyDecided} already decided, not proposed again`}.
            </span>
          )}
        </p>
      )}
      {job?.status === "SUCCEEDED" && job.result?.registration && (
        <p className="small" data-testid="detect-registration">
          {job.result.bands && `Bands ${job.result.bands.join(", ")} compared. `}
          Registration: {describeRegistration(job.result.registration)}.
          {job.result.nirRed && <span className="muted"> Near infrared band {job.result.nirRed.nir}: vegetation that only changed there (a season) is not counted.</span>}
        </p>
      )}
      {job?.status === "SUCCEEDED" && job.result?.obscured && describeObscured(job.result.obscured) && (
        <p className="small" data-testid="detect-obscured">
          Cloud/shadow: {describeObscured(job.result.obscured)}.
        </p>
      )}
      {error && (
        <p role="alert" className="error small">
          {error}
        </p>
      )}
      {counts && (
        <p className="small muted" data-testid="detect-counts">
          On this site so far: {counts.accepted} accepted, {counts.dismissed} dismissed, {counts.undecided} waiting.
        </p>
      )}
      {pairOk && candidates.length === 0 && !running && <p className="small muted">No candidates for these two scenes yet.</p>}
      {undecided.length > 0 && (
        <>
          <h3 className="small" style={{ marginBottom: 0 }}>
            {undecided.length} to decide, strongest first <span className="muted">(↓/j next, ↑/k previous, a accept, d dismiss)</span>
          </h3>
          <ol className="candidate-list" ref={listRef} data-testid="candidates">
            {undecided.map((c, n) => (
              <li key={c.id} data-candidate-id={c.id} aria-current={c.id === selectedId ? "true" : undefined}>
                <button type="button" className="link candidate-pick" onClick={() => select(c)}>
                  #{n + 1} · score {c.score.toFixed(1)} · {formatArea(c.areaM2)}
                </button>{" "}
                <button type="button" className="secondary small" onClick={() => void accept(c)} disabled={busy}>
                  Accept
                </button>{" "}
                <button type="button" className="secondary small" onClick={() => openDismiss(c)} aria-expanded={dismissing === c.id}>
                  Dismiss…
                </button>
                {c.overlaps.length > 0 && (
                  <div className="small warning" data-testid="candidate-overlaps">
                    Overlaps {c.overlaps.map((o) => `the ${statusLabel(o.status)} ${typeLabels.get(o.changeType) ?? o.changeType} change (IoU ${o.iou.toFixed(2)})`).join(", ")}:
                    probably already recorded.
                  </div>
                )}
                {dismissing === c.id && (
                  <form
                    className="row small"
                    onSubmit={(e) => {
                      e.preventDefault();
                      void dismiss(c);
                    }}
                  >
                    <label className="inline">
                      Why
                      <select value={reason} onChange={(e) => setReason(e.target.value as DismissReason)} autoFocus>
                        {DISMISS_REASONS.map((r) => (
                          <option key={r} value={r}>
                            {DISMISS_REASON_LABELS[r]}
                          </option>
                        ))}
                      </select>
                    </label>
                    <input
                      type="text"
                      value={note}
                      onChange={(e) => setNote(e.target.value)}
                      placeholder={dismissNeedsNote(reason) ? "say why (needed)" : "note (optional)"}
                      required={dismissNeedsNote(reason)}
                      aria-label="Note"
                      maxLength={DISMISS_NOTE_MAX}
                    />
                    <button type="submit" disabled={busy}>
                      Dismiss
                    </button>
                  </form>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
      {decided.length > 0 && (
        <details>
          <summary className="small">Decided ({decided.length})</summary>
          <ul className="small">
            {decided.map((c) => (
              <li key={c.id}>
                score {c.score.toFixed(1)} · {formatArea(c.areaM2)}:{" "}
                {c.status === "ACCEPTED"
                  ? `accepted as a draft change by ${c.decidedBy ?? "someone"}`
                  : `dismissed by ${c.decidedBy ?? "someone"} (${describeDismissReason(c.dismissReason)})`}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
