"use client";
// Upload a GeoTIFF scene with its metadata. XMLHttpRequest, not fetch, because
// only XHR reports upload progress. The server then checks the file and
// converts it to a cloud-optimised GeoTIFF; the form follows that through the
// job whose id it chose (GET /api/jobs/:id) until the upload's answer arrives.
import { useEffect, useRef, useState } from "react";
import { isJobActive } from "@/lib/jobs/job-rules";
import type { JobView } from "@/lib/jobs/job-view";
import { PUBLIC_ZOOM } from "@/lib/scenes/scene.schema";

type Phase =
  | { kind: "idle" }
  | { kind: "uploading"; pct: number }
  | { kind: "converting"; pct: number | null; message: string }
  | { kind: "done"; message: string }
  | { kind: "error"; message: string };

const POLL_MS = 300;

/** Polls the ingest job while the server works; the job appears once the file has passed its checks. */
function pollJob(jobId: string, onUpdate: (pct: number, message: string) => void): () => void {
  let stopped = false;
  const tick = async () => {
    if (stopped) return;
    try {
      const res = await fetch(`/api/jobs/${jobId}`, { cache: "no-store" });
      if (res.ok) {
        const { job } = (await res.json()) as { job: JobView };
        if (!stopped && isJobActive(job.status)) onUpdate(Math.round(job.progress * 100), job.message);
      }
    } catch {
      /* the upload's own answer reports failures */
    }
    if (!stopped) setTimeout(tick, POLL_MS);
  };
  void tick();
  return () => {
    stopped = true;
  };
}

export default function SceneUploadForm({ siteId, onUploaded }: { siteId: string; onUploaded: () => void }) {
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const stopPolling = useRef<(() => void) | null>(null);
  useEffect(() => () => stopPolling.current?.(), []);
  const busy = phase.kind === "uploading" || phase.kind === "converting";
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
          setPhase({ kind: "error", message: "Choose a GeoTIFF file first." });
          return;
        }
        // Metadata first, file last, so the server has the fields before the bytes.
        data.delete("file");
        data.append("file", file, file.name);
        const jobId = crypto.randomUUID();
        const xhr = new XMLHttpRequest();
        xhr.open("POST", `/api/sites/${siteId}/scenes?job=${jobId}`);
        xhr.upload.onprogress = (ev) => {
          if (ev.lengthComputable) setPhase({ kind: "uploading", pct: Math.round((100 * ev.loaded) / ev.total) });
        };
        xhr.upload.onload = () => {
          setPhase({ kind: "converting", pct: null, message: "checking the file" });
          stopPolling.current = pollJob(jobId, (pct, message) => setPhase((p) => (p.kind === "converting" ? { kind: "converting", pct, message } : p)));
        };
        xhr.onerror = () => {
          stopPolling.current?.();
          setPhase({ kind: "error", message: "The upload was interrupted: check the connection and try again." });
        };
        xhr.onload = () => {
          stopPolling.current?.();
          let body: { error?: { message?: string }; deduplicated?: boolean } = {};
          try {
            body = JSON.parse(xhr.responseText);
          } catch {
            /* not JSON: reported below */
          }
          if (xhr.status >= 200 && xhr.status < 300) {
            setPhase({ kind: "done", message: body.deduplicated ? "This file was already stored; it is now linked to this site." : `${file.name} was added.` });
            form.reset();
            onUploaded();
          } else {
            setPhase({ kind: "error", message: body.error?.message ?? `The server refused the upload (${xhr.status}).` });
          }
        };
        setPhase({ kind: "uploading", pct: 0 });
        xhr.send(data);
      }}
    >
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
      <button type="submit" disabled={busy}>
        {busy ? "Working…" : "Upload scene"}
      </button>
      <div aria-live="polite" data-testid="upload-status">
        {phase.kind === "uploading" && (
          <>
            <span data-stage="uploading">
              <progress max={100} value={phase.pct} aria-label="Upload progress" /> Uploading… {phase.pct}%
            </span>
          </>
        )}
        {phase.kind === "converting" && (
          <span data-stage="converting">
            {phase.pct === null ? <progress aria-label="Conversion progress" /> : <progress max={100} value={phase.pct} aria-label="Conversion progress" />} Uploaded. Converting to
            a cloud-optimised GeoTIFF{phase.pct === null ? "" : `: ${phase.pct}%`} ({phase.message})…
          </span>
        )}
        {phase.kind === "done" && (
          <p className="notice" data-stage="done">
            {phase.message}
          </p>
        )}
        {phase.kind === "error" && (
          <p className="error" role="alert">
            {phase.message}
          </p>
        )}
      </div>
    </form>
  );
}
