"use client";
// Upload a GeoTIFF scene with its metadata. XMLHttpRequest, not fetch, because
// only XHR reports upload progress; the server then reads and checks the file.
import { useState } from "react";

type Phase = { kind: "idle" } | { kind: "uploading"; pct: number } | { kind: "processing" } | { kind: "done"; message: string } | { kind: "error"; message: string };

export default function SceneUploadForm({ siteId, onUploaded }: { siteId: string; onUploaded: () => void }) {
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const busy = phase.kind === "uploading" || phase.kind === "processing";
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
        const xhr = new XMLHttpRequest();
        xhr.open("POST", `/api/sites/${siteId}/scenes`);
        xhr.upload.onprogress = (ev) => {
          if (ev.lengthComputable) setPhase({ kind: "uploading", pct: Math.round((100 * ev.loaded) / ev.total) });
        };
        xhr.upload.onload = () => setPhase({ kind: "processing" });
        xhr.onerror = () => setPhase({ kind: "error", message: "The upload was interrupted: check the connection and try again." });
        xhr.onload = () => {
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
          <input type="number" name="publicMaxZoom" min={0} max={22} defaultValue={14} />
        </label>
      </div>
      <button type="submit" disabled={busy}>
        {busy ? "Working…" : "Upload scene"}
      </button>
      <div aria-live="polite" data-testid="upload-status">
        {phase.kind === "uploading" && (
          <>
            <progress max={100} value={phase.pct} aria-label="Upload progress" /> Uploading… {phase.pct}%
          </>
        )}
        {phase.kind === "processing" && (
          <>
            <progress aria-label="Checking the file" /> Uploaded; reading the GeoTIFF, computing its footprint and statistics…
          </>
        )}
        {phase.kind === "done" && <p className="notice">{phase.message}</p>}
        {phase.kind === "error" && (
          <p className="error" role="alert">
            {phase.message}
          </p>
        )}
      </div>
    </form>
  );
}
