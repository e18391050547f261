"use client";
// The site's scenes that cannot be used yet (scene-rules.ts): those a worker is
// converting, with the conversion's progress, and those whose conversion
// failed or was cancelled, with the reason, Retry and Delete. When one changes
// state the page data is read again, so a scene that became ready moves to the
// viewer's choices.
import { useEffect, useRef, useState } from "react";
import { ApiError, callApi } from "@/components/ui/api-client";
import ErrorAlert from "@/components/ui/ErrorAlert";
import { isJobActive } from "@/lib/jobs/job-rules";
import type { JobView } from "@/lib/jobs/job-view";
import type { SceneView } from "@/lib/scenes/scene-view";
import { formatDate } from "@/lib/format";
import { followJob } from "./follow-job";
import { queuedMessage } from "@/lib/jobs/job-rules";

/** How often a scene is read again when its conversion job cannot be followed (someone else's upload). */
const SCENE_POLL_MS = 2_000;
/** How many times the page is read again after a conversion ended while its scene still showed PROCESSING. */
const SETTLE_REFRESHES = 10;

function describeError(err: unknown): string {
  return err instanceof ApiError ? err.message : "could not reach the server";
}

export default function SceneStatusList({ scenes, onChanged }: { scenes: SceneView[]; onChanged: () => void }) {
  if (scenes.length === 0) return null;
  return (
    <div data-testid="scene-status-list" style={{ marginTop: "0.6rem" }}>
      <h3 id="scenes-not-ready-heading">Not ready yet</h3>
      <ul className="plain" aria-labelledby="scenes-not-ready-heading">
        {scenes.map((s) =>
          // Keyed by status too: a retried scene starts following its job afresh.
          s.status === "PROCESSING" ? (
            <ProcessingScene key={`${s.id}:${s.status}:${s.conversionJobId}`} scene={s} onChanged={onChanged} />
          ) : (
            <FailedScene key={`${s.id}:${s.status}`} scene={s} onChanged={onChanged} />
          ),
        )}
      </ul>
    </div>
  );
}

function SceneName({ scene }: { scene: SceneView }) {
  return (
    <>
      <strong>{formatDate(scene.acquiredAt)}</strong> {scene.originalFilename}
      {scene.sensor ? ` · ${scene.sensor}` : ""}
    </>
  );
}

function ProcessingScene({ scene, onChanged }: { scene: SceneView; onChanged: () => void }) {
  const [job, setJob] = useState<JobView | null>(null);
  /** The job is someone else's: only the scene's state can be followed. */
  const [othersJob, setOthersJob] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const onChangedRef = useRef(onChanged);
  onChangedRef.current = onChanged;

  useEffect(() => {
    if (!scene.conversionJobId) {
      setOthersJob(true);
      return;
    }
    return followJob({
      jobId: scene.conversionJobId,
      onJob: (next) => {
        setJob(next);
        if (!isJobActive(next.status)) onChangedRef.current();
      },
      onUnavailable: () => setOthersJob(true),
    });
  }, [scene.conversionJobId]);

  useEffect(() => {
    if (!othersJob) return;
    const timer = setInterval(async () => {
      const latest = await callApi<{ scene: SceneView }>(`/api/scenes/${scene.id}`).catch(() => null);
      if (latest && latest.scene.status !== "PROCESSING") {
        clearInterval(timer);
        onChangedRef.current();
      }
    }, SCENE_POLL_MS);
    return () => clearInterval(timer);
  }, [othersJob, scene.id]);

  // The job ends a moment before its worker marks the scene: read the page again until the scene has moved on (this row then goes).
  const ended = job !== null && !isJobActive(job.status);
  useEffect(() => {
    if (!ended) return;
    let tries = 0;
    const timer = setInterval(() => {
      if (++tries > SETTLE_REFRESHES) clearInterval(timer);
      else onChangedRef.current();
    }, SCENE_POLL_MS / 2);
    return () => clearInterval(timer);
  }, [ended]);

  async function cancel() {
    if (!job) return;
    setError(null);
    try {
      setJob((await callApi<{ job: JobView }>(`/api/jobs/${job.id}/cancel`, { method: "POST" })).job);
    } catch (err) {
      // 409: it has just ended; the next reading shows how.
      if (!(err instanceof ApiError && err.status === 409)) setError(`Could not cancel the conversion: ${describeError(err)}.`);
    }
  }

  const pct = job ? Math.round(job.progress * 100) : 0;
  let text: string;
  if (!job) text = othersJob ? "being converted (uploaded by someone else)…" : "being converted…";
  else if (job.status === "QUEUED") text = job.cancelRequested ? "queued, cancelling…" : `queued: ${queuedMessage(job)}…`;
  else if (job.status === "RUNNING") text = `converting: ${pct}%${job.cancelRequested ? ", cancelling" : ""}…`;
  else if (job.status === "SUCCEEDED") text = "ready.";
  else if (job.status === "FAILED") text = `could not be converted: ${job.error ?? "the conversion failed"}.`;
  else text = "the conversion was cancelled.";
  const label = `Conversion of ${scene.originalFilename}`;

  return (
    <li className="change-item" data-scene-status={scene.id} data-stage={job?.status === "RUNNING" ? "converting" : job?.status === "QUEUED" ? "queued" : "processing"}>
      <div>
        <SceneName scene={scene} />: <span>{text}</span>
      </div>
      <div className="row">
        {job?.status === "RUNNING" ? <progress max={100} value={pct} aria-label={label} style={{ flex: 1 }} /> : <progress aria-label={label} style={{ flex: 1 }} />}
        {job && isJobActive(job.status) && (
          <button type="button" className="secondary" disabled={job.cancelRequested} onClick={() => void cancel()}>
            {job.cancelRequested ? "Cancelling…" : "Cancel"}
          </button>
        )}
      </div>
      <ErrorAlert message={error} />
    </li>
  );
}

function FailedScene({ scene, onChanged }: { scene: SceneView; onChanged: () => void }) {
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function retry() {
    if (!scene.conversionJobId) return;
    setBusy(true);
    setError(null);
    try {
      await callApi(`/api/jobs/${scene.conversionJobId}/retry`, { method: "POST" });
      onChanged();
    } catch (err) {
      // Someone else's job reads as "no such job": say who may retry it instead.
      setError(
        err instanceof ApiError && err.status === 404
          ? "Could not retry: only the person who uploaded this scene, or an admin, may retry its conversion."
          : `Could not retry: ${describeError(err)}.`,
      );
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    setBusy(true);
    setError(null);
    try {
      await callApi(`/api/scenes/${scene.id}`, { method: "DELETE" });
      onChanged();
    } catch (err) {
      setConfirming(false);
      setError(`Could not delete it: ${describeError(err)}.`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="change-item" data-scene-status={scene.id} data-stage="failed">
      <div>
        <SceneName scene={scene} />: <span className="status-REJECTED">could not be converted</span>
        {scene.statusMessage ? ` (${scene.statusMessage})` : ""}. It is not used until it is converted.
      </div>
      <div className="row">
        {scene.conversionJobId && (
          <button type="button" className="secondary" disabled={busy} onClick={() => void retry()}>
            Retry
          </button>
        )}
        {confirming ? (
          <>
            <span className="small">Delete this upload? Its file goes too.</span>
            <button type="button" className="danger" disabled={busy} onClick={() => void remove()}>
              Yes, delete it
            </button>
            <button type="button" className="secondary" disabled={busy} onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </>
        ) : (
          <button type="button" className="secondary" disabled={busy} onClick={() => setConfirming(true)}>
            Delete
          </button>
        )}
      </div>
      <ErrorAlert message={error} />
    </li>
  );
}
