"use client";
// Describe a drawn change and save it as a draft, or save and submit it for review.
import { useMemo, useState } from "react";
import { ApiError, callApi } from "@/components/ui/api-client";
import ErrorAlert from "@/components/ui/ErrorAlert";
import type { ChangeView, SceneView } from "@/lib/annotations/change-view";
import { CHANGE_TYPES, CONFIDENCE_LEVELS, DAMAGE_GRADES, labelOf } from "@/lib/annotations/taxonomy";
import { formatArea, validateAreaGeometry } from "@/lib/geo/area-geometry";
import { formatDate } from "@/lib/format";

interface Props {
  siteId: string;
  geometry: unknown;
  scenes: SceneView[];
  defaultBeforeId?: string;
  defaultAfterId?: string;
  onSaved: () => void;
  onCancel: () => void;
}

export default function ChangeForm({ siteId, geometry, scenes, defaultBeforeId, defaultAfterId, onSaved, onCancel }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const check = useMemo(() => (geometry ? validateAreaGeometry(geometry) : null), [geometry]);

  return (
    <form
      className="stack"
      aria-label="Describe the change"
      onSubmit={async (e) => {
        e.preventDefault();
        const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
        const alsoSubmit = submitter?.value === "submit";
        const f = new FormData(e.currentTarget);
        setError(null);
        if (!check?.ok) {
          setError(check ? `Geometry: ${check.message}` : "Draw the change on the map first.");
          return;
        }
        const sourceUrl = String(f.get("sourceUrl") ?? "").trim();
        setBusy(true);
        try {
          const { annotation } = await callApi<{ annotation: { id: string; version: number } }>(`/api/sites/${siteId}/annotations`, {
            body: {
              geometry: check.geometry,
              changeType: f.get("changeType"),
              damageGrade: f.get("damageGrade") || null,
              confidence: f.get("confidence"),
              beforeSceneId: f.get("beforeSceneId"),
              afterSceneId: f.get("afterSceneId"),
              description: f.get("description"),
              sources: sourceUrl
                ? [
                    {
                      url: sourceUrl,
                      title: f.get("sourceTitle") || sourceUrl,
                      archiveUrl: f.get("sourceArchiveUrl") ?? "",
                      accessedAt: f.get("sourceAccessedAt") ?? "",
                      withheld: f.get("sourceWithheld") === "true",
                    },
                  ]
                : [],
            },
          });
          if (alsoSubmit) {
            await callApi<{ annotation: ChangeView }>(`/api/annotations/${annotation.id}/transitions`, {
              body: { to: "SUBMITTED", version: annotation.version },
            });
          }
          onSaved();
        } catch (err) {
          setError(err instanceof ApiError ? err.message : "could not reach the server");
        } finally {
          setBusy(false);
        }
      }}
    >
      <p aria-live="polite" className={check && !check.ok ? "error" : "small muted"} data-testid="change-geometry-status">
        {!check ? "Draw the change on the map: click to add corners, double-click to finish." : check.ok ? `Drawn: ${formatArea(check.areaM2)}` : check.message}
      </p>
      <div className="field-row">
        <label>
          Change type
          <select name="changeType" required defaultValue="">
            <option value="" disabled>choose…</option>
            {CHANGE_TYPES.map((t) => (
              <option key={t} value={t}>{labelOf(t)}</option>
            ))}
          </select>
        </label>
        <label>
          Damage grade
          <select name="damageGrade" defaultValue="">
            <option value="">not applicable</option>
            {DAMAGE_GRADES.map((g) => (
              <option key={g} value={g}>{labelOf(g)}</option>
            ))}
          </select>
        </label>
        <label>
          Confidence
          <select name="confidence" required defaultValue="medium">
            {CONFIDENCE_LEVELS.map((c) => (
              <option key={c} value={c}>{c}</option>
            ))}
          </select>
        </label>
      </div>
      <div className="field-row">
        <SceneSelect label="Before scene" name="beforeSceneId" scenes={scenes} defaultValue={defaultBeforeId} />
        <SceneSelect label="After scene" name="afterSceneId" scenes={scenes} defaultValue={defaultAfterId} />
      </div>
      <label>
        Description
        <textarea name="description" required placeholder="What changed, and what in the imagery shows it" />
      </label>
      <fieldset className="stack" style={{ border: "1px solid var(--line)", borderRadius: 6 }}>
        <legend className="small">Source</legend>
        <div className="field-row">
          <label>
            URL
            <input name="sourceUrl" type="url" placeholder="https://…" />
          </label>
          <label>
            Title
            <input name="sourceTitle" />
          </label>
        </div>
        <div className="field-row">
          <label>
            Archived copy URL
            <input name="sourceArchiveUrl" type="url" />
          </label>
          <label>
            Accessed
            <input name="sourceAccessedAt" type="date" />
          </label>
        </div>
        <label className="inline">
          <input type="checkbox" name="sourceWithheld" value="true" /> Withhold from the public (reviewers only)
        </label>
      </fieldset>
      <ErrorAlert message={error} />
      <div className="row">
        <button type="submit" name="intent" value="submit" disabled={busy}>
          Save and submit for review
        </button>
        <button type="submit" name="intent" value="draft" className="secondary" disabled={busy}>
          Save draft
        </button>
        <button type="button" className="secondary" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function SceneSelect({ label, name, scenes, defaultValue }: { label: string; name: string; scenes: SceneView[]; defaultValue?: string }) {
  return (
    <label>
      {label}
      <select name={name} required defaultValue={defaultValue ?? ""}>
        <option value="" disabled>choose…</option>
        {scenes.map((s) => (
          <option key={s.id} value={s.id}>
            {formatDate(s.acquiredAt)} {s.sensor}
            {s.synthetic ? " (synthetic)" : ""}
          </option>
        ))}
      </select>
    </label>
  );
}
