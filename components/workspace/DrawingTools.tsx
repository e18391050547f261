"use client";
// The drawing toolbar of the analyst viewer: draw or edit, snapping, undo and
// redo, the parts of the outline with their areas, GeoJSON import, the live
// check of the outline (same rules as the server) and the keyboard shortcuts.
import { useEffect, useRef, useState } from "react";
import { area } from "@turf/turf";
import { isTyping, type SketchTool } from "@/components/map/SiteMap";
import type { ChangeGeometryCheck } from "@/lib/annotations/change-geometry-rules";
import { formatArea } from "@/lib/geo/area-geometry";
import { partsOf, polygonsFromGeoJson, type SketchHistory } from "@/lib/geo/sketch";
import type { AreaGeometry } from "@/lib/geo/area-geometry";

/** Largest GeoJSON file read in the browser. */
const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

export const SHORTCUTS: [string, string][] = [
  ["D", "draw a new part (click corners; double-click, Enter or a click on the first corner finishes)"],
  ["Backspace", "while drawing: remove the last corner"],
  ["Esc", "while drawing: abandon the part"],
  ["E", "edit: drag a corner to move it, drag an edge to add a corner, Alt+click a corner to delete it, click a part to select it"],
  ["Delete", "delete the selected part"],
  ["S", "snapping to the footprint, other changes and your own corners on or off"],
  ["Ctrl+Z", "undo"],
  ["Ctrl+Shift+Z or Ctrl+Y", "redo"],
  ["?", "show or hide these shortcuts"],
];

interface Props {
  history: SketchHistory;
  onUndo: () => void;
  onRedo: () => void;
  onChange: (geometry: AreaGeometry | null) => void;
  tool: SketchTool;
  onToolChange: (tool: SketchTool) => void;
  snap: boolean;
  onSnapChange: (snap: boolean) => void;
  selectedPart: number | null;
  onSelectPart: (index: number | null) => void;
  onDeletePart: (index: number) => void;
  check: ChangeGeometryCheck | null;
}

/** One sentence on the outline: nothing yet, not a polygon, not measurable until fixed, or its geodesic area. */
function statusLine(drawn: boolean, tool: SketchTool, check: ChangeGeometryCheck | null, parts: number): string {
  if (!drawn || !check) {
    return tool === "draw"
      ? "Draw the change on the map: click to add corners; double-click, Enter or a click on the first corner finishes."
      : "No outline yet: choose Draw (D) or import a GeoJSON file.";
  }
  if (!check.geometry) return `The outline is not a valid polygon: ${check.errors[0]?.message ?? "unknown problem"}.`;
  if (check.areaM2 === null) {
    const what = check.errors.some((e) => e.code === "self-intersection") ? "its edges cross" : "a hole lies outside its outline";
    return `Drawn, but ${what}: the area can be measured once that is fixed.`;
  }
  const verdict = check.ok ? (check.warnings.length ? ", with a warning" : ", no problems found") : "";
  return `Drawn: ${formatArea(check.areaM2)}${parts > 1 ? ` in ${parts} parts` : ""}${verdict}`;
}

export default function DrawingTools(props: Props) {
  const [help, setHelp] = useState(false);
  const [importNote, setImportNote] = useState<{ ok: boolean; text: string } | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const parts = partsOf(props.history.present);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e) || e.altKey) return;
      const p = latest.current;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (mod && key === "z") {
        if (e.shiftKey) p.onRedo();
        else p.onUndo();
      } else if (mod && key === "y") p.onRedo();
      else if (mod) return;
      else if (key === "d") p.onToolChange("draw");
      else if (key === "e") p.onToolChange("edit");
      else if (key === "s") p.onSnapChange(!p.snap);
      else if (e.key === "?") setHelp((h) => !h);
      else if (e.key === "Delete" && p.selectedPart !== null) p.onDeletePart(p.selectedPart);
      else return;
      e.preventDefault();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  async function importFile(file: File) {
    if (file.size > MAX_IMPORT_BYTES) return setImportNote({ ok: false, text: `${file.name} is ${(file.size / 1048576).toFixed(1)} MB; import files up to 5 MB` });
    let doc: unknown;
    try {
      doc = JSON.parse(await file.text());
    } catch {
      return setImportNote({ ok: false, text: `${file.name} is not valid JSON` });
    }
    const result = polygonsFromGeoJson(doc);
    if (!result.ok) return setImportNote({ ok: false, text: `${file.name}: ${result.message}` });
    props.onChange(result.geometry);
    props.onToolChange("edit");
    setImportNote({
      ok: true,
      text: `Imported ${result.parts} polygon${result.parts > 1 ? "s" : ""} from ${file.name}${result.skipped ? ` (${result.skipped} other feature${result.skipped > 1 ? "s" : ""} skipped)` : ""}. Undo (Ctrl+Z) goes back.`,
    });
  }

  const { check } = props;
  return (
    <div className="stack drawing-tools" data-testid="drawing-tools">
      <div className="row small mode-group" role="toolbar" aria-label="Drawing tools">
        <button type="button" aria-pressed={props.tool === "draw"} onClick={() => props.onToolChange("draw")} title="D">
          {parts.length ? "Add a part" : "Draw"}
        </button>
        <button type="button" aria-pressed={props.tool === "edit"} onClick={() => props.onToolChange("edit")} title="E">
          Edit corners
        </button>
        <button type="button" className="secondary" onClick={props.onUndo} disabled={props.history.past.length === 0} title="Ctrl+Z">
          Undo
        </button>
        <button type="button" className="secondary" onClick={props.onRedo} disabled={props.history.future.length === 0} title="Ctrl+Shift+Z">
          Redo
        </button>
        <label className="inline">
          <input type="checkbox" checked={props.snap} onChange={(e) => props.onSnapChange(e.target.checked)} /> Snap
        </label>
        <label className="inline file-import">
          Import GeoJSON
          <input
            type="file"
            accept=".geojson,.json,application/geo+json,application/json"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void importFile(file);
              e.target.value = "";
            }}
          />
        </label>
        <button type="button" className="link" aria-expanded={help} onClick={() => setHelp((h) => !h)}>
          Keyboard shortcuts (?)
        </button>
      </div>
      {help && (
        <section className="panel small" aria-label="Drawing shortcuts" data-testid="drawing-help">
          <dl className="facts">
            {SHORTCUTS.map(([k, what]) => (
              <div key={k} style={{ display: "contents" }}>
                <dt>
                  <kbd>{k}</kbd>
                </dt>
                <dd>{what}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}
      {importNote && (
        <p className={importNote.ok ? "notice small" : "error small"} role={importNote.ok ? "status" : "alert"}>
          {importNote.text}
        </p>
      )}
      {parts.length > 1 && (
        <ol className="small parts" aria-label="Parts of the outline">
          {parts.map((rings, i) => (
            <li key={i} aria-current={props.selectedPart === i}>
              <button type="button" className="link" onClick={() => props.onSelectPart(i)}>
                Part {i + 1}
              </button>{" "}
              {formatArea(area({ type: "Polygon", coordinates: rings }))}{" "}
              <button type="button" className="link" onClick={() => props.onDeletePart(i)} aria-label={`Delete part ${i + 1}`}>
                delete
              </button>
            </li>
          ))}
        </ol>
      )}
      <p aria-live="polite" className="small" data-testid="change-geometry-status">
        {statusLine(props.history.present !== null, props.tool, check, parts.length)}
      </p>
      {check && (check.errors.length > 0 || check.warnings.length > 0) && (
        <ul className="plain stack problems" data-testid="change-geometry-problems">
          {check.errors.map((p, i) => (
            <li key={`e${i}`} className="error small" data-problem={p.code}>
              {p.message}
              {p.at.length > 0 && <span className="muted"> (marked in red on the map)</span>}
            </li>
          ))}
          {check.warnings.map((p, i) => (
            <li key={`w${i}`} className="warning small" data-problem={p.code}>
              Warning: {p.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
