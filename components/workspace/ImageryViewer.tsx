"use client";
// The analyst's imagery: one scene, two scenes side by side with linked views,
// or two scenes on one map with a swipe; per-scene band combination and
// stretch; the pixel values and coordinates under the cursor. Drawing happens
// on the map that shows the after scene.
import { useMemo, useRef, useState } from "react";
import type { FeatureCollection, Geometry } from "geojson";
import View from "ol/View";
import SwipeDivider from "@/components/map/SwipeDivider";
import SiteMap, { type Readout, type SketchConfig } from "@/components/map/SiteMap";
import type { BasemapConfig } from "@/components/map/basemap";
import { windowProblem } from "@/lib/annotations/annotation-rules";
import type { SceneView } from "@/lib/scenes/scene-view";
import { asSentence, formatDate } from "@/lib/format";
import SceneDisplayControls from "./SceneDisplayControls";
import { defaultDisplay, sceneLayerConfig, type DisplaySettings } from "./scene-display";

export type ViewMode = "single" | "side" | "swipe";

interface Props {
  basemap: BasemapConfig;
  siteName: string;
  footprint: Geometry;
  bbox: [number, number, number, number];
  changes: FeatureCollection;
  scenes: SceneView[];
  beforeId: string | null;
  afterId: string | null;
  onPairChange: (beforeId: string | null, afterId: string | null) => void;
  mode: ViewMode;
  onModeChange: (mode: ViewMode) => void;
  selectedId: string | null;
  onSelect: (id: string | null) => void;
  /** The outline being drawn or edited: on the map that shows the after scene (and outlined on the before map side by side). */
  sketch: SketchConfig | null;
  /** Editors and admins: the display controls offer "use for the public tiles". */
  canSetPublic?: boolean;
  /** Centre the maps here (a new object re-centres). */
  goTo?: { lon: number; lat: number; zoom: number } | null;
}

function ReadoutLine({ readout, scenes }: { readout: Readout | null; scenes: SceneView[] }) {
  if (!readout) return <p className="small muted readout">Point at the imagery to read its pixel values.</p>;
  return (
    <p className="small readout" data-testid="pixel-readout">
      {readout.lat.toFixed(5)}°, {readout.lon.toFixed(5)}°
      {readout.scenes.map((r) => {
        const scene = scenes.find((s) => s.id === r.id);
        return (
          <span key={r.id}>
            {" · "}
            {scene ? formatDate(scene.acquiredAt) : r.id}:{" "}
            {r.values ? r.bands.map((b, i) => `b${b} ${Number.isInteger(r.values![i]) ? r.values![i] : r.values![i]!.toFixed(3)}`).join(", ") : "no data"}
          </span>
        );
      })}
    </p>
  );
}

export default function ImageryViewer(props: Props) {
  const { scenes, mode } = props;
  const [display, setDisplay] = useState<Record<string, DisplaySettings>>({});
  const [swipe, setSwipe] = useState(50);
  const [readout, setReadout] = useState<Readout | null>(null);
  const sharedView = useRef<View | null>(null);
  if (!sharedView.current && typeof window !== "undefined") sharedView.current = new View({ center: [0, 0], zoom: 2, maxZoom: 20 });

  const after = scenes.find((s) => s.id === props.afterId) ?? null;
  const before = mode === "single" ? null : (scenes.find((s) => s.id === props.beforeId) ?? null);
  const settingsOf = (s: SceneView) => display[s.id] ?? defaultDisplay(s);
  const layerOf = (s: SceneView | null) => (s ? sceneLayerConfig(s, settingsOf(s)) : null);
  const shared = {
    basemap: props.basemap,
    footprint: props.footprint,
    changes: props.changes,
    selectedId: props.selectedId,
    onSelect: props.onSelect,
    fitBbox: props.bbox,
    onReadout: setReadout,
    height: "560px",
    // One view for every map: switching between the modes keeps the place and zoom, and side-by-side maps move together.
    view: sharedView.current ?? undefined,
    goTo: props.goTo ?? null,
  };
  // Side by side, the before map shows the outline being drawn too, so both dates can be checked against it.
  const sketchGeometry = props.sketch?.geometry ?? null;
  const withSketch = useMemo<FeatureCollection>(
    () =>
      sketchGeometry
        ? { ...props.changes, features: [...props.changes.features, { type: "Feature", geometry: sketchGeometry, properties: { id: "sketch", kind: "sketch" } }] }
        : props.changes,
    [props.changes, sketchGeometry],
  );
  const pairProblem = before && after ? windowProblem({ before, after }) : null;
  const afterLabel = after ? `, after: the scene of ${formatDate(after.acquiredAt)}` : "";
  const beforeLabel = before ? `, before: the scene of ${formatDate(before.acquiredAt)}` : "";
  const sceneOptions = scenes.map((s) => (
    <option key={s.id} value={s.id}>
      {formatDate(s.acquiredAt)} {s.sensor ? `· ${s.sensor}` : ""} {s.synthetic ? "(synthetic)" : ""}
    </option>
  ));

  return (
    <div className="stack">
      <div className="row small mode-group" role="group" aria-label="How the imagery is shown">
        {(
          [
            ["single", "One scene"],
            ["side", "Side by side"],
            ["swipe", "Swipe"],
          ] as const
        ).map(([m, text]) => (
          <button key={m} type="button" aria-pressed={mode === m} onClick={() => props.onModeChange(m)} disabled={m !== "single" && scenes.length < 2}>
            {text}
          </button>
        ))}
        {mode !== "single" && (
          <>
            <label className="inline">
              Before
              <select aria-label="Before scene" value={props.beforeId ?? ""} onChange={(e) => props.onPairChange(e.target.value || null, props.afterId)}>
                {sceneOptions}
              </select>
            </label>
            <label className="inline">
              After
              <select aria-label="After scene" value={props.afterId ?? ""} onChange={(e) => props.onPairChange(props.beforeId, e.target.value || null)}>
                {sceneOptions}
              </select>
            </label>
            {pairProblem && <span className="error">{asSentence(pairProblem)}</span>}
          </>
        )}
      </div>
      {[before && (["Before", before] as const), after && (["After", after] as const)].map(
        (entry) =>
          entry && (
            <SceneDisplayControls
              key={entry[0]}
              role={mode === "single" ? "Shown" : entry[0]}
              scene={entry[1]}
              value={settingsOf(entry[1])}
              onChange={(d) => setDisplay((all) => ({ ...all, [entry[1].id]: d }))}
              canSetPublic={props.canSetPublic}
            />
          ),
      )}

      {mode === "side" ? (
        <div key="side" className="grid-2 compare-side" data-testid="compare-side">
          <SiteMap {...shared} changes={withSketch} scene={layerOf(before)} label={`Map of ${props.siteName}${beforeLabel}`} />
          <SiteMap {...shared} scene={layerOf(after)} sketch={props.sketch} label={`Map of ${props.siteName}${afterLabel}`} />
        </div>
      ) : (
        <div key="one" className="compare-swipe swipe-host">
          <SiteMap
            {...shared}
            scenes={[layerOf(before), layerOf(after)].filter((l) => l !== null)}
            swipe={mode === "swipe" ? swipe / 100 : null}
            sketch={props.sketch}
            label={`Analyst map of ${props.siteName}${beforeLabel}${afterLabel}`}
          />
          {mode === "swipe" && (
            <SwipeDivider
              value={swipe / 100}
              onChange={(v) => setSwipe(Math.round(v * 100))}
              leftLabel={`before ${before ? formatDate(before.acquiredAt) : "—"}`}
              rightLabel={`after ${after ? formatDate(after.acquiredAt) : "—"}`}
              label="Swipe between the before and after scenes"
            />
          )}
        </div>
      )}
      <ReadoutLine readout={readout} scenes={scenes} />
    </div>
  );
}
