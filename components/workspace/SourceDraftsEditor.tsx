"use client";
// The sources of a change as the editor types them: URL, title, archived copy, date accessed, withheld or not.
import type { ReactNode } from "react";

/** One source row as typed (strings as in the inputs; the editor turns them into the API's shape). */
export interface SourceDraft {
  url: string;
  title: string;
  archiveUrl: string;
  accessedAt: string;
  withheld: boolean;
}

export const EMPTY_SOURCE: SourceDraft = { url: "", title: "", archiveUrl: "", accessedAt: "", withheld: false };

export default function SourceDraftsEditor({ sources, onChange }: { sources: SourceDraft[]; onChange: (sources: SourceDraft[]) => void }) {
  const update = (i: number, patch: Partial<SourceDraft>) => onChange(sources.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const text = (i: number, field: "url" | "title" | "archiveUrl" | "accessedAt", label: ReactNode, type?: string, placeholder?: string) => (
    <label>
      {label}
      <input type={type} value={sources[i]![field]} placeholder={placeholder} onChange={(e) => update(i, { [field]: e.target.value })} />
    </label>
  );
  return (
    <fieldset className="stack sources">
      <legend className="small">Sources</legend>
      {sources.map((s, i) => (
        <fieldset key={i} className="stack source" aria-label={`Source ${i + 1}`}>
          <div className="field-row">
            {text(i, "url", "URL", "url", "https://…")}
            {text(i, "title", "Title")}
          </div>
          <div className="field-row">
            {text(i, "archiveUrl", "Archived copy URL", "url")}
            {text(i, "accessedAt", "Accessed", "date")}
          </div>
          <div className="row">
            <label className="inline">
              <input type="checkbox" checked={s.withheld} onChange={(e) => update(i, { withheld: e.target.checked })} /> Withhold from the public (reviewers only)
            </label>
            <button type="button" className="link" onClick={() => onChange(sources.filter((_, j) => j !== i))}>
              Remove source {i + 1}
            </button>
          </div>
        </fieldset>
      ))}
      <div>
        <button type="button" className="secondary small" onClick={() => onChange([...sources, { ...EMPTY_SOURCE }])}>
          Add a source
        </button>
      </div>
    </fieldset>
  );
}
