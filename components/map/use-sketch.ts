"use client";
// Drawing and editing a polygon sketch on the map (a change's outline or a
// site footprint): the sketch's features, the problem markers, and the Draw,
// Modify and Snap interactions with their keyboard keys. Part of the map
// adapter: only components/map/ touches OpenLayers.
import { useEffect, useRef, type MutableRefObject, type RefObject } from "react";
import type OlMap from "ol/Map";
import type VectorSource from "ol/source/Vector";
import GeoJSON from "ol/format/GeoJSON";
import Draw from "ol/interaction/Draw";
import Modify from "ol/interaction/Modify";
import Snap from "ol/interaction/Snap";
import Point from "ol/geom/Point";
import OlFeature from "ol/Feature";
import type Feature from "ol/Feature";
import type Polygon from "ol/geom/Polygon";
import { fromLonLat } from "ol/proj";
import { Fill, Stroke, Style, Circle as CircleStyle } from "ol/style";
import type { AreaGeometry } from "@/lib/geo/area-geometry";
import { addPart, fromParts, type PartRings } from "@/lib/geo/sketch";

const format = new GeoJSON({ dataProjection: "EPSG:4326", featureProjection: "EPSG:3857" });

/** A point to flag on the map: where a drawn outline crosses itself, leaves the site, overlaps another change. */
export interface SketchMarker {
  /** [lon, lat], EPSG:4326. */
  at: [number, number];
  severity: "error" | "warning";
}

export type SketchTool = "draw" | "edit";

/**
 * A controlled sketch: the map shows `geometry` (EPSG:4326, one OpenLayers
 * feature per polygon part) and reports every edit through `onChange`; the
 * owner keeps the undo history and decides what is shown.
 */
export interface SketchConfig {
  geometry: AreaGeometry | null;
  onChange: (geometry: AreaGeometry | null) => void;
  /** draw: clicks add corners of a new part (Enter or double-click finishes, Backspace removes the last corner, Esc abandons); edit: drag vertices, drag an edge to insert one, Alt+click deletes one, click a part to select it. */
  tool: SketchTool;
  /** Called when a part has been finished with the draw tool. */
  onPartDrawn?: () => void;
  /** false: a newly drawn polygon replaces the sketch (one polygon, as for a footprint). Default true: it adds a part. */
  multi?: boolean;
  /** Snap to the footprint, other changes and the sketch's own vertices (default true). */
  snap?: boolean;
  markers?: SketchMarker[];
  selectedPart?: number | null;
  onSelectPart?: (index: number | null) => void;
}

export const drawStyle = new Style({
  stroke: new Stroke({ color: "#f59e0b", width: 3 }),
  fill: new Fill({ color: "rgba(245,158,11,0.2)" }),
  image: new CircleStyle({ radius: 5, fill: new Fill({ color: "#f59e0b" }), stroke: new Stroke({ color: "#fff", width: 1 }) }),
});
export const selectedPartStyle = new Style({
  stroke: new Stroke({ color: "#2563eb", width: 4 }),
  fill: new Fill({ color: "rgba(37,99,235,0.25)" }),
});
export const markerStyles = {
  error: new Style({ image: new CircleStyle({ radius: 9, fill: new Fill({ color: "rgba(220,38,38,0.35)" }), stroke: new Stroke({ color: "#dc2626", width: 3 }) }) }),
  warning: new Style({ image: new CircleStyle({ radius: 9, fill: new Fill({ color: "rgba(217,119,6,0.3)" }), stroke: new Stroke({ color: "#d97706", width: 3 }) }) }),
};

/** Keys typed into a form field belong to the field, not to the map (a checkbox or file button is not typing). */
export function isTyping(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  if (!t) return false;
  if (t.isContentEditable || t.tagName === "TEXTAREA" || t.tagName === "SELECT") return true;
  return t.tagName === "INPUT" && !["checkbox", "radio", "file", "button", "submit", "range", "color"].includes((t as HTMLInputElement).type);
}

/** Enter on a focused button or link activates it; it is not for the map. */
function isActivating(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  return (
    !!t && (t.tagName === "BUTTON" || t.tagName === "A" || (t.tagName === "INPUT" && ["checkbox", "radio", "file", "button", "submit"].includes((t as HTMLInputElement).type)))
  );
}

/**
 * Keeps the map's sketch in step with `config`: call it once in the map
 * component, after the map exists. `sketchRef` always holds the latest config
 * (event handlers read it); `lastDrawEnd` tells a click that closed a part
 * from one that selects a part.
 */
export function useSketch(args: {
  mapRef: RefObject<OlMap | null>;
  target: RefObject<HTMLDivElement | null>;
  sketch: SketchConfig | null;
  sketchRef: MutableRefObject<SketchConfig | null>;
  lastEmitted: MutableRefObject<string>;
  lastDrawEnd: MutableRefObject<number>;
  sources: { footprint: VectorSource; changes: VectorSource; draw: VectorSource; markers: VectorSource };
}): void {
  // Named …Ref so React's rules see refs, which a hook may write, rather than arguments, which it must not.
  const { mapRef, target: targetRef, sketchRef, lastEmitted: lastEmittedRef, lastDrawEnd: lastDrawEndRef, sources } = args;
  const config = args.sketch;
  // The sketch: one feature per polygon part, rebuilt when the geometry comes from outside (undo, import, a change opened for editing).
  const sketchJson = JSON.stringify(config?.geometry ?? null);
  useEffect(() => {
    if (sketchJson === lastEmittedRef.current && sources.draw.getFeatures().length > 0) return;
    lastEmittedRef.current = sketchJson;
    sources.draw.clear();
    const parts = config?.geometry ? (config.geometry.type === "Polygon" ? [config.geometry.coordinates] : config.geometry.coordinates) : [];
    parts.forEach((rings, part) => {
      const f = format.readFeature({ type: "Feature", geometry: { type: "Polygon", coordinates: rings }, properties: { part } }) as Feature;
      sources.draw.addFeature(f);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- rebuilt only when the geometry itself changes (sketchJson), not when the config object is remade
  }, [sketchJson]);

  useEffect(() => {
    sources.draw.changed();
  }, [config?.selectedPart, sources.draw]);

  const markersJson = JSON.stringify(config?.markers ?? []);
  useEffect(() => {
    sources.markers.clear();
    const markers = config?.markers ?? [];
    sources.markers.addFeatures(markers.map((m) => new OlFeature({ geometry: new Point(fromLonLat(m.at)), severity: m.severity })));
    targetRef.current?.setAttribute("data-sketch-markers", String(markers.length));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- redrawn only when the markers themselves change (markersJson), not when the config object is remade
  }, [markersJson]);

  const sketchActive = !!config;
  const tool = config?.tool ?? "edit";
  const snapOn = config?.snap ?? true;
  const multi = config?.multi ?? true;
  const snaps = useRef<Snap[]>([]);
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !sketchActive) return;
    const emit = (geometry: AreaGeometry | null, featuresInSync: boolean) => {
      // After a vertex edit the features already show the result; after a new part they do not, so the prop rebuilds them.
      lastEmittedRef.current = featuresInSync ? JSON.stringify(geometry) : "";
      sketchRef.current?.onChange(geometry);
    };
    const ringsOf = (f: Feature) => (format.writeGeometryObject(f.getGeometry() as Polygon, { decimals: 9 }) as { coordinates: PartRings }).coordinates;
    const modify = new Modify({ source: sources.draw });
    modify.on("modifyend", () => {
      const features = [...sources.draw.getFeatures()].sort((a, b) => Number(a.get("part")) - Number(b.get("part")));
      emit(fromParts(features.map(ringsOf)), true);
    });
    map.addInteraction(modify);
    let draw: Draw | null = null;
    if (tool === "draw") {
      draw = new Draw({ type: "Polygon", style: drawStyle });
      draw.on("drawend", (e) => {
        lastDrawEndRef.current = Date.now();
        const rings = ringsOf(e.feature as Feature);
        // Finished with Enter after fewer than three corners: not a part.
        if ((rings[0]?.length ?? 0) < 4) return;
        const current = sketchRef.current?.geometry ?? null;
        emit(multi ? addPart({ geometry: current, part: rings }) : fromParts([rings]), false);
        sketchRef.current?.onPartDrawn?.();
      });
      map.addInteraction(draw);
    }
    // Snapping works only if its interactions come after the ones they snap for.
    for (const s of snaps.current) {
      map.removeInteraction(s);
      map.addInteraction(s);
    }
    const onKey = (e: KeyboardEvent) => {
      if (!draw || isTyping(e)) return;
      if (e.key === "Enter" && !isActivating(e)) draw.finishDrawing();
      else if (e.key === "Backspace") draw.removeLastPoint();
      else if (e.key === "Escape") draw.abortDrawing();
      else return;
      e.preventDefault();
    };
    document.addEventListener("keydown", onKey);
    const el = targetRef.current;
    if (tool === "draw") el?.setAttribute("data-drawing", "true");
    el?.setAttribute("data-sketch-tool", tool);
    return () => {
      document.removeEventListener("keydown", onKey);
      // Switching tools keeps a part in progress (if it has three corners) rather than dropping the clicks.
      draw?.finishDrawing();
      if (draw) map.removeInteraction(draw);
      map.removeInteraction(modify);
      el?.removeAttribute("data-drawing");
      el?.removeAttribute("data-sketch-tool");
    };
    // The refs and sources never change; they are listed so that the rule can check the rest.
  }, [sketchActive, tool, multi, mapRef, targetRef, sketchRef, lastEmittedRef, lastDrawEndRef, sources.draw]);

  // Snapping on its own, so turning it on or off never disturbs a part being drawn.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !sketchActive || !snapOn) return;
    snaps.current = [sources.footprint, sources.changes, sources.draw].map((source) => new Snap({ source }));
    for (const s of snaps.current) map.addInteraction(s);
    return () => {
      for (const s of snaps.current) map.removeInteraction(s);
      snaps.current = [];
    };
  }, [sketchActive, snapOn, mapRef, sources.footprint, sources.changes, sources.draw]);
}
