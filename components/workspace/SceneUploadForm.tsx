"use client";
// Upload a GeoTIFF scene with its metadata, then follow its conversion:
// uploading n % → checked by the server → queued → converting n % → ready
// (or failed with the reason, or cancelled). XMLHttpRequest, not fetch,
// because only XHR reports upload progress. The server answers 202 once the
// file has passed its structural checks; a worker converts it later, under the
// job id this form chose (`?job=`), which it follows with GET /api/jobs/:id.
//
// The upload in flight is remembered in sessionStorage (per tab and site), so
// that after a reload the form goes on following the conversion. A reload
// during the transfer itself ends the transfer: the form then says so.
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, callApi } from "@/components/ui/api-client";
import { queuedMessage } from "@/lib/jobs/job-rules";
import type { JobView } from "@/lib/jobs/job-view";
import type { SceneView } from "@/lib/scenes/scene-view";
import { PUBLIC_ZOOM } from "@/lib/scenes/scene.schema";
import { describeStoredScene } from "@/lib/scenes/duplicate-upload";
import { followJob, JOB_POLL_MS } from "./follow-job";

type Stage =
  | { kind: "idle" }
  | { kind: "uploading"; filename: string; pct: number }
  | { kind: "checking"; filename: string }
  | { kind: "queued"; filename: string; jobId: string; cancelling: boolean; waiting: string }
  | { kind: "converting"; filename: string; jobId: string; pct: number; message: string; cancelling: boolean }
  | { kind: "ready"; message: string }
  | { kind: "failed"; filename: string; reason: string }
  | { kind: "cancelled"; message: string }
  | { kind: "interrupted"; filename: string }
  /** offSite: the file lands away from the site; the analyst may confirm it belongs there and send it again. */
  | { kind: "refused"; message: string; offSite?: boolean };

/** What this tab remembers of the upload it follows. Until the server has accepted the file, `accepted` is false. */
interface InFlightUpload {
  jobId: string;
  filename: string;
  accepted: boolean;
  /** The PROCESSING scene, when the server's answer arrived (it is not known when the answer was lost to a reload). */
  sceneId: string | null;
}

const storageKey = (siteId: string) => `sitewatch:scene-upload:${siteId}`;

function readInFlight(siteId: string): InFlightUpload | null {
  try {
    const raw = window.sessionStorage.getItem(storageKey(siteId));
    const value = raw ? (JSON.parse(raw) as Partial<InFlightUpload>) : null;
    if (!value || typeof value.jobId !== "string" || typeof value.filename !== "string") return null;
    return { jobId: value.jobId, filename: value.filename, accepted: value.accepted === true, sceneId: value.sceneId ?? null };
  } catch {
    return null;
  }
}

function writeInFlight(siteId: string, upload: InFlightUpload | null): void {
  try {
    if (upload) window.sessionStorage.setItem(storageKey(siteId), JSON.stringify(upload));
    else window.sessionStorage.removeItem(storageKey(siteId));
  } catch {
    // Storage refused (private mode, quota): the form still works, it just cannot resume after a reload.
  }
}

function stageOfJob(job: JobView, filename: string): Stage {
  switch (job.status) {
    case "QUEUED":
      return { kind: "queued", filename, jobId: job.id, cancelling: job.cancelRequested, waiting: queuedMessage(job) };
    case "RUNNING":
      return { kind: "converting", filename, jobId: job.id, pct: Math.round(job.progress * 100), message: job.message, cancelling: job.cancelRequested };
    case "SUCCEEDED":
      return { kind: "ready", message: `${filename} was added: it is ready in the viewer.` };
    case "FAILED":
      return { kind: "failed", filename, reason: job.error ?? "the conversion failed" };
    case "CANCELLED":
      return { kind: "cancelled", message: `The conversion of ${filename} was cancelled. It can be retried or deleted under Scenes above.` };
  }
}

/** What the server's 200 (the same file was already stored, with the same date, sensor and licence) means for this site: which scene it is. */
function deduplicatedMessage(scene: SceneView | undefined): string {
  const base = scene
    ? `This file was already stored as ${describeStoredScene(scene)}; that scene is now a scene of this site`
    : "This file was already stored; it is now linked to this site";
  if (scene?.status === "PROCESSING") return `${base}. It is still being converted: see Scenes above.`;
  if (scene?.status === "FAILED") return `${base}, but its conversion failed${scene.statusMessage ? ` (${scene.statusMessage})` : ""}: see Scenes above.`;
  return `${base}.`;
}

/** After a reload, how long to keep asking for the job of an upload whose answer never came (the server may still be checking the file). */
const RESUME_LOOKUPS = 4;

export default function SceneUploadForm({ siteId, onUploaded, onResumed }: { siteId: string; onUploaded: () => void; onResumed?: () => void }) {
  const [stage, setStage] = useState<Stage>({ kind: "idle" });
  const [cancelError, setCancelError] = useState<string | null>(null);
  const stopFollowing = useRef<(() => void) | null>(null);
  const xhrRef = useRef<XMLHttpRequest | null>(null);
  const confirmOffSiteRef = useRef<HTMLInputElement | null>(null);
  const onUploadedRef = useRef(onUploaded);
  onUploadedRef.current = onUploaded;
  const onResumedRef = useRef(onResumed);
  onResumedRef.current = onResumed;

  /** Follows the conversion job of an accepted upload to its end. */
  const follow = useCallback(
    (upload: InFlightUpload) => {
      stopFollowing.current?.();
      stopFollowing.current = followJob({
        jobId: upload.jobId,
        onJob: (job) => {
          setStage(stageOfJob(job, upload.filename));
          if (job.status === "QUEUED" || job.status === "RUNNING") return;
          writeInFlight(siteId, null);
          // Ready: the page data is read again so the viewer offers the scene; failed or cancelled: the scene list shows why.
          onUploadedRef.current();
        },
        onUnavailable: () => {
          writeInFlight(siteId, null);
          setStage({ kind: "refused", message: `The conversion of ${upload.filename} can no longer be followed here; see Scenes above for where it stands.` });
        },
      });
    },
    [siteId],
  );

  // A reload (or coming back to the page in this tab): go on following what this tab uploaded.
  useEffect(() => {
    const upload = readInFlight(siteId);
    if (!upload) return;
    onResumedRef.current?.();
    if (upload.accepted) {
      setStage({ kind: "queued", filename: upload.filename, jobId: upload.jobId, cancelling: false, waiting: queuedMessage({}) });
      follow(upload);
      return () => stopFollowing.current?.();
    }
    // The page went away before the server's answer: if the whole file had arrived, the server made the job
    // under our id (perhaps a moment later); otherwise the transfer was cut off and the file must be chosen again.
    setStage({ kind: "checking", filename: upload.filename });
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const lookUp = async (attempt: number) => {
      const res = await fetch(`/api/jobs/${encodeURIComponent(upload.jobId)}`, { cache: "no-store" }).catch(() => null);
      if (stopped) return;
      if (res?.ok) {
        const accepted = { ...upload, accepted: true };
        writeInFlight(siteId, accepted);
        follow(accepted);
      } else if (attempt + 1 < RESUME_LOOKUPS) {
        timer = setTimeout(() => void lookUp(attempt + 1), JOB_POLL_MS);
      } else {
        writeInFlight(siteId, null);
        setStage({ kind: "interrupted", filename: upload.filename });
      }
    };
    void lookUp(0);
    return () => {
      stopped = true;
      clearTimeout(timer);
      stopFollowing.current?.();
    };
  }, [siteId, follow]);

  useEffect(() => () => stopFollowing.current?.(), []);

  async function cancelConversion(jobId: string) {
    setCancelError(null);
    try {
      const { job } = await callApi<{ job: JobView }>(`/api/jobs/${jobId}/cancel`, { method: "POST" });
      setStage((s) => ("filename" in s && (s.kind === "queued" || s.kind === "converting") ? stageOfJob(job, s.filename) : s));
    } catch (err) {
      // A job that has just ended answers 409: the next reading shows how it ended.
      if (!(err instanceof ApiError && err.status === 409)) setCancelError(`Could not cancel: ${err instanceof ApiError ? err.message : "could not reach the server"}.`);
    }
  }

  const transferring = stage.kind === "uploading" || stage.kind === "checking";
  return (
    <form
      className="stack"
      aria-label="Upload a scene"
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const data = new FormData(form);
        const file = data.get("file");
        if (!(file instanceof File) || file.size === 0) {
          setStage({ kind: "refused", message: "Choose a GeoTIFF file first." });
          return;
        }
        // A new upload: the form follows it (an earlier one still converting stays in the scene list).
        stopFollowing.current?.();
        setCancelError(null);
        // Metadata first, file last, so the server has the fields before the bytes.
        data.delete("file");
        data.append("file", file, file.name);
        const filename = file.name;
        const upload: InFlightUpload = { jobId: crypto.randomUUID(), filename, accepted: false, sceneId: null };
        writeInFlight(siteId, upload);
        const xhr = new XMLHttpRequest();
        xhrRef.current = xhr;
        xhr.open("POST", `/api/sites/${siteId}/scenes?job=${upload.jobId}`);
        xhr.upload.onprogress = (ev) => {
          if (ev.lengthComputable) setStage({ kind: "uploading", filename, pct: Math.round((100 * ev.loaded) / ev.total) });
        };
        xhr.upload.onload = () => setStage({ kind: "checking", filename });
        xhr.onerror = () => {
          writeInFlight(siteId, null);
          setStage({ kind: "refused", message: `The upload of ${filename} was interrupted: check the connection and try again.` });
        };
        xhr.onabort = () => {
          writeInFlight(siteId, null);
          setStage({ kind: "cancelled", message: `The upload of ${filename} was stopped; nothing was stored.` });
        };
        xhr.onload = () => {
          xhrRef.current = null;
          let body: { error?: { message?: string; details?: { offSite?: unknown } }; scene?: SceneView; job?: JobView | null; deduplicated?: boolean } = {};
          try {
            body = JSON.parse(xhr.responseText);
          } catch {
            /* not JSON: reported below */
          }
          if (xhr.status === 202 && body.job && body.scene) {
            // The job the server names: the one this tab chose, or, for a file uploaded before, that file's conversion.
            const accepted = { ...upload, jobId: body.job.id, accepted: true, sceneId: body.scene.id };
            writeInFlight(siteId, accepted);
            form.reset();
            setStage(stageOfJob(body.job, filename));
            follow(accepted);
            // The scene list shows it converting too (with its progress for anyone who follows the site).
            onUploadedRef.current();
          } else if (xhr.status >= 200 && xhr.status < 300) {
            writeInFlight(siteId, null);
            form.reset();
            setStage({ kind: "ready", message: deduplicatedMessage(body.scene) });
            onUploadedRef.current();
          } else {
            writeInFlight(siteId, null);
            setStage({
              kind: "refused",
              message: body.error?.message ?? `The server refused the upload (${xhr.status}).`,
              offSite: xhr.status === 409 && !!body.error?.details?.offSite,
            });
          }
          // A confirmation holds for the one upload it was given for.
          if (confirmOffSiteRef.current) confirmOffSiteRef.current.value = "false";
        };
        setStage({ kind: "uploading", filename, pct: 0 });
        xhr.send(data);
      }}
    >
      <input type="hidden" name="confirmOffSite" value="false" ref={confirmOffSiteRef} />
      <label>
        GeoTIFF file
        <input type="file" name="file" accept=".tif,.tiff,image/tiff" required />
      </label>
      <div className="field-row">
        <label>
          Acquired (UTC)
          <input type="datetime-local" name="acquiredAt" required step="1" />
        </label>
        <label>
          Sensor / platform
          <input name="sensor" placeholder="Landsat 7 ETM+" />
        </label>
      </div>
      <div className="field-row">
        <label>
          Licence (SPDX id or proprietary)
          <input name="license" required placeholder="CC-BY-4.0" />
        </label>
        <label>
          Attribution line
          <input name="attribution" required placeholder="© Provider 2024" />
        </label>
      </div>
      <div className="field-row">
        <label className="inline">
          <input type="checkbox" name="publicDisplay" value="true" /> Licence allows public display
        </label>
        <label>
          Public zoom cap
          <input type="number" name="publicMaxZoom" min={PUBLIC_ZOOM.min} max={PUBLIC_ZOOM.max} defaultValue={PUBLIC_ZOOM.default} />
        </label>
      </div>
      <div className="row">
        <button type="submit" disabled={transferring}>
          {transferring ? "Uploading…" : "Upload scene"}
        </button>
        {stage.kind === "uploading" && (
          <button type="button" className="secondary" onClick={() => xhrRef.current?.abort()}>
            Stop the upload
          </button>
        )}
        {(stage.kind === "queued" || stage.kind === "converting") && (
          <button type="button" className="secondary" disabled={stage.cancelling} onClick={() => void cancelConversion(stage.jobId)}>
            {stage.cancelling ? "Cancelling…" : "Cancel the conversion"}
          </button>
        )}
      </div>
      <div aria-live="polite" data-testid="upload-status">
        {stage.kind === "uploading" && (
          <span data-stage="uploading">
            <progress max={100} value={stage.pct} aria-label={`Uploading ${stage.filename}`} /> Uploading {stage.filename}… {stage.pct}%
          </span>
        )}
        {stage.kind === "checking" && (
          <span data-stage="checking">
            <progress aria-label={`Checking ${stage.filename}`} /> Uploaded {stage.filename}. The server is checking the file…
          </span>
        )}
        {stage.kind === "queued" && (
          <span data-stage="queued">
            <progress aria-label={`${stage.filename}: waiting for a worker`} /> Uploaded {stage.filename}. Queued: {stage.waiting}
            {stage.cancelling ? " (cancelling)" : ""}…
          </span>
        )}
        {stage.kind === "converting" && (
          <span data-stage="converting">
            <progress max={100} value={stage.pct} aria-label={`Converting ${stage.filename}`} /> Converting {stage.filename} to a cloud-optimised GeoTIFF: {stage.pct}%
            {stage.message && !stage.message.endsWith("cloud-optimised GeoTIFF") ? ` (${stage.message})` : ""}
            {stage.cancelling ? ", cancelling" : ""}…
          </span>
        )}
        {/* "done", the stage's name before conversion moved to a worker: browser tests look for it. */}
        {stage.kind === "ready" && (
          <p className="notice" data-stage="done">
            {stage.message}
          </p>
        )}
        {stage.kind === "failed" && (
          <p className="error" role="alert" data-stage="failed">
            {stage.filename} could not be converted: {stage.reason}. It can be retried or deleted under Scenes above.
          </p>
        )}
        {stage.kind === "cancelled" && (
          <p className="notice" data-stage="cancelled">
            {stage.message}
          </p>
        )}
        {stage.kind === "interrupted" && (
          <p className="warning" role="alert" data-stage="interrupted">
            The upload of {stage.filename} was interrupted before the whole file reached the server (the page was reloaded or closed). Choose the file again and upload it.
          </p>
        )}
        {stage.kind === "refused" && (
          <p className="error" role="alert" data-stage="refused">
            {stage.message}
          </p>
        )}
        {stage.kind === "refused" && stage.offSite && (
          <p className="row">
            <button
              type="button"
              className="secondary"
              onClick={(e) => {
                if (confirmOffSiteRef.current) confirmOffSiteRef.current.value = "true";
                e.currentTarget.form?.requestSubmit();
              }}
            >
              Upload anyway: it belongs to this site
            </button>
          </p>
        )}
        {cancelError && (
          <p className="error" role="alert">
            {cancelError}
          </p>
        )}
      </div>
    </form>
  );
}
