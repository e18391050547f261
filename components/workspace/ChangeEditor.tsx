"use client";
// Describe a change (new, or an edit that becomes a new revision) and save it
// as a draft or send it for review. A stale save (someone else changed it
// meanwhile) shows what they did and offers to reapply these edits on top.
import { useState } from "react";
import { ApiError, callApi } from "@/components/ui/api-client";
import ErrorAlert from "@/components/ui/ErrorAlert";
import SourceDraftsEditor, { EMPTY_SOURCE, type SourceDraft } from "./SourceDraftsEditor";
import EditConflictPanel, { type Conflict } from "./EditConflictPanel";
import { mayChooseType, windowProblem } from "@/lib/annotations/annotation-rules";
import { parseTagList } from "@/lib/annotations/annotation.schema";
import { changedFields, contentOf, reapplyEdits, type ChangeContent } from "@/lib/annotations/change-compare";
import type { ChangeGeometryCheck, ChangeGeometryIssue } from "@/lib/annotations/change-geometry-rules";
import { isStaleVersionDetails, type ChangeView, type SourceView } from "@/lib/annotations/change-view";
import type { SceneView } from "@/lib/scenes/scene-view";
import { CONFIDENCE_LEVELS, DAMAGE_GRADES, labelOf } from "@/lib/annotations/taxonomy";
import type { AreaGeometry } from "@/lib/geo/area-geometry";
import { asSentence, formatDate } from "@/lib/format";
import type { ChangeTypeView } from "@/lib/settings/settings.schema";
import { isCorrectionEdit, movesFrom } from "@/lib/review/review-moves";
import type { Role } from "@prisma/client";

interface Fields {
  changeType: string;
  damageGrade: string;
  confidence: string;
  description: string;
  tags: string;
  sources: SourceDraft[];
  comment: string;
}

function fieldsOf(c: ChangeView | null): Fields {
  if (!c) return { changeType: "", damageGrade: "", confidence: "medium", description: "", tags: "", sources: [{ ...EMPTY_SOURCE }], comment: "" };
  return {
    changeType: c.changeType,
    damageGrade: c.damageGrade ?? "",
    confidence: c.confidence,
    description: c.description,
    tags: c.tags.join(", "),
    sources: c.sources.map((s) => ({ url: s.url, title: s.title, archiveUrl: s.archiveUrl ?? "", accessedAt: s.accessedAt?.slice(0, 10) ?? "", withheld: s.withheld })),
    comment: "",
  };
}

/** The sources as the API takes them: empty rows dropped, a bare URL titled with itself. */
function sourcesOf(drafts: SourceDraft[]) {
  return drafts
    .filter((s) => s.url.trim())
    .map((s) => ({ url: s.url.trim(), title: s.title.trim() || s.url.trim(), archiveUrl: s.archiveUrl.trim(), accessedAt: s.accessedAt, withheld: s.withheld }));
}

/** The same sources as a ChangeView holds them, to compare with the version loaded. */
function sourceViewsOf(drafts: SourceDraft[]): SourceView[] {
  return sourcesOf(drafts).map((s) => ({
    url: s.url,
    title: s.title,
    archiveUrl: s.archiveUrl || null,
    accessedAt: s.accessedAt ? `${s.accessedAt}T00:00:00.000Z` : null,
    withheld: s.withheld,
  }));
}

export interface ChangeEditorProps {
  user: { id: string; role: Role };
  siteId: string;
  /** null: a new change; otherwise the change as loaded (its version is what the edit is based on). */
  base: ChangeView | null;
  geometry: AreaGeometry | null;
  check: ChangeGeometryCheck | null;
  scenes: SceneView[];
  changeTypes: ChangeTypeView[];
  beforeId: string | null;
  afterId: string | null;
  onWindowChange: (beforeId: string | null, afterId: string | null) => void;
  /** Someone else's newer version was loaded instead of these edits: show its outline. */
  onLoadTheirs: (current: ChangeView) => void;
  onSaved: (message: string) => void;
  onCancel: () => void;
}

export default function ChangeEditor(props: ChangeEditorProps) {
  const [base, setBase] = useState<ChangeView | null>(props.base);
  const [fields, setFields] = useState<Fields>(() => fieldsOf(props.base));
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Fields>(k: K, v: Fields[K]) => setFields((f) => ({ ...f, [k]: v }));
  const type = props.changeTypes.find((t) => t.key === fields.changeType);
  const offeredTypes = props.changeTypes.filter((type) => mayChooseType({ type, keptType: base?.changeType }));

  const mine: ChangeContent = {
    geometry: props.geometry as AreaGeometry,
    changeType: fields.changeType,
    damageGrade: type?.damageGradeApplies ? fields.damageGrade || null : null,
    confidence: fields.confidence,
    beforeSceneId: props.beforeId ?? "",
    afterSceneId: props.afterId ?? "",
    description: fields.description.trim(),
    tags: [...new Set(parseTagList(fields.tags))],
    sources: sourceViewsOf(fields.sources),
  };

  /** The API body for my content; for an edit, only what differs from `from`. */
  function bodyFor(from: ChangeContent | null, content: Partial<ChangeContent>) {
    const out: Record<string, unknown> = {};
    const keys = from ? changedFields({ from, to: { ...from, ...content } as ChangeContent }) : (Object.keys(content) as (keyof ChangeContent)[]);
    for (const k of keys) {
      if (k === "sources") out.sources = sourcesOf(fields.sources);
      else out[k] = content[k];
    }
    return out;
  }

  async function save(args: { alsoSubmit: boolean; patchOverride?: Partial<ChangeContent>; version?: number }) {
    setError(null);
    if (!props.geometry) return setError("Draw the change on the map first, or import it from a GeoJSON file.");
    if (props.check && !props.check.ok) return setError(`Fix the outline first: ${props.check.errors[0]?.message}`);
    setBusy(true);
    try {
      let saved: { annotation: ChangeView; warnings: ChangeGeometryIssue[] };
      if (!base) {
        saved = await callApi(`/api/sites/${props.siteId}/annotations`, { body: { ...bodyFor(null, mine), sources: sourcesOf(fields.sources) } });
      } else {
        const patch = args.patchOverride ? bodyFor(null, args.patchOverride) : bodyFor(contentOf(base), mine);
        saved = await callApi(`/api/annotations/${base.id}`, {
          method: "PATCH",
          body: { ...patch, version: args.version ?? base.version, comment: fields.comment.trim() || undefined },
        });
      }
      let final = saved.annotation;
      // Submitting (or resubmitting) is the author's move out of the saved status, as the move table says.
      const submit = args.alsoSubmit
        ? movesFrom({ from: final.status, role: props.user.role, isAuthor: final.authorIds.includes(props.user.id), hasPublicRevision: final.publicRevision !== null }).find(
            (m) => m.to === "SUBMITTED",
          )
        : undefined;
      if (submit) {
        final = (await callApi<{ annotation: ChangeView }>(`/api/annotations/${final.id}/transitions`, { body: { to: submit.to, version: final.version } })).annotation;
      }
      const warned = saved.warnings.length ? ` Warning: ${saved.warnings.map((w) => w.message).join("; ")}.` : "";
      // Saved, but the table offers no submit move from where it now stands: say so rather than pretend it went.
      const notSent = args.alsoSubmit && !submit ? ` It was not sent for review: a change in ${final.status} cannot be submitted by you.` : "";
      props.onSaved(`${base ? `Saved as revision ${final.revision}` : "Change saved"}${final.status === "SUBMITTED" ? " and sent for review" : ""}.${notSent}${warned}`);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && isStaleVersionDetails(err.details)) {
        const d = err.details;
        setConflict({ message: err.message, current: d.current, since: d.since, alsoSubmit: args.alsoSubmit });
      } else {
        setError(err instanceof ApiError ? err.message : "could not reach the server");
      }
    } finally {
      setBusy(false);
    }
  }

  const editing = base !== null;
  const correction = base !== null && isCorrectionEdit({ from: base.status, hasPublicRevision: base.publicRevision !== null });
  const statusNote =
    base && correction
      ? `Revision ${base.publicRevision} is public. Your edit starts revision ${base.revision + 1} as a draft; the public keeps revision ${base.publicRevision} until a later release publishes the new one.`
      : base?.status === "CHANGES_REQUESTED"
        ? "An editor asked for changes: edit, then resubmit."
        : null;
  const submitLabel = !base ? "Save and submit for review" : base.status === "CHANGES_REQUESTED" ? "Save and resubmit" : "Save and submit for review";
  const draftLabel = !base ? "Save draft" : correction ? "Save revision as draft" : "Save";

  return (
    <form
      className="stack"
      aria-label={editing ? "Edit the change" : "Describe the change"}
      onSubmit={(e) => {
        e.preventDefault();
        const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
        void save({ alsoSubmit: submitter?.value === "submit" });
      }}
    >
      {statusNote && <p className="notice small">{statusNote}</p>}
      {conflict && (
        <EditConflictPanel
          conflict={conflict}
          base={base!}
          mine={mine}
          busy={busy}
          user={props.user}
          onReapply={() => {
            const { patch } = reapplyEdits({ base: contentOf(base!), mine, theirs: contentOf(conflict.current) });
            setBase(conflict.current);
            setConflict(null);
            void save({ alsoSubmit: conflict.alsoSubmit, patchOverride: patch, version: conflict.current.version });
          }}
          onTakeTheirs={() => {
            setBase(conflict.current);
            setFields(fieldsOf(conflict.current));
            props.onWindowChange(conflict.current.beforeSceneId, conflict.current.afterSceneId);
            props.onLoadTheirs(conflict.current);
            setConflict(null);
          }}
        />
      )}
      <div className="field-row">
        <label>
          Change type
          <select name="changeType" required value={fields.changeType} onChange={(e) => set("changeType", e.target.value)}>
            <option value="" disabled>
              choose…
            </option>
            {offeredTypes.map((t) => (
              <option key={t.key} value={t.key} title={t.description}>
                {t.label}
                {t.active ? "" : " (retired)"}
              </option>
            ))}
          </select>
        </label>
        <label>
          Damage grade
          <select
            name="damageGrade"
            value={type?.damageGradeApplies ? fields.damageGrade : ""}
            required={type?.damageGradeApplies}
            disabled={!type?.damageGradeApplies}
            onChange={(e) => set("damageGrade", e.target.value)}
          >
            <option value="">{type?.damageGradeApplies ? "choose…" : "not applicable"}</option>
            {DAMAGE_GRADES.map((g) => (
              <option key={g} value={g}>
                {labelOf(g)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Confidence
          <select name="confidence" required value={fields.confidence} onChange={(e) => set("confidence", e.target.value)}>
            {CONFIDENCE_LEVELS.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="field-row">
        <SceneSelect label="Before scene" scenes={props.scenes} value={props.beforeId} onChange={(v) => props.onWindowChange(v, props.afterId)} />
        <SceneSelect label="After scene" scenes={props.scenes} value={props.afterId} onChange={(v) => props.onWindowChange(props.beforeId, v)} />
      </div>
      {(() => {
        const before = props.scenes.find((s) => s.id === props.beforeId);
        const after = props.scenes.find((s) => s.id === props.afterId);
        const problem = before && after ? windowProblem({ before, after }) : null;
        return problem ? <p className="error small">{asSentence(problem)}</p> : null;
      })()}
      <label>
        Description
        <textarea
          name="description"
          required
          value={fields.description}
          onChange={(e) => set("description", e.target.value)}
          placeholder="What changed, and what in the imagery shows it"
        />
      </label>
      <label>
        Tags (comma-separated; internal, never published)
        <input name="tags" value={fields.tags} onChange={(e) => set("tags", e.target.value)} placeholder="e.g. perimeter, needs ground truth" />
      </label>
      <SourceDraftsEditor sources={fields.sources} onChange={(sources) => set("sources", sources)} />
      {editing && (
        <label>
          What you changed and why (kept in the change&apos;s history)
          <textarea name="comment" value={fields.comment} onChange={(e) => set("comment", e.target.value)} />
        </label>
      )}
      <ErrorAlert message={error} />
      <div className="row">
        <button type="submit" name="intent" value="submit" disabled={busy}>
          {submitLabel}
        </button>
        <button type="submit" name="intent" value="draft" className="secondary" disabled={busy}>
          {draftLabel}
        </button>
        <button type="button" className="secondary" onClick={props.onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function SceneSelect({ label, scenes, value, onChange }: { label: string; scenes: SceneView[]; value: string | null; onChange: (v: string | null) => void }) {
  return (
    <label>
      {label}
      <select required value={value ?? ""} onChange={(e) => onChange(e.target.value || null)}>
        <option value="" disabled>
          choose…
        </option>
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
