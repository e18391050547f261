"use client";
// One map component for every page: basemap, optional scene imagery (each
// scene's cloud-optimised GeoTIFF read through the signed-in Range endpoint,
// drawn by WebGL, reprojected from its own CRS), a swipe between two scenes,
// a readout of pixel values under the cursor, a site footprint, change
// polygons, and an optional polygon drawing tool. Everything crossing this
// component's boundary is GeoJSON in EPSG:4326; EPSG:3857 stays inside.
import { useEffect, useRef } from "react";
import type { FeatureCollection, Geometry } from "geojson";
import "ol/ol.css";
import OlMap from "ol/Map";
import View from "ol/View";
import GeoJSON from "ol/format/GeoJSON";
import VectorLayer from "ol/layer/Vector";
import WebGLTileLayer from "ol/layer/WebGLTile";
import VectorSource from "ol/source/Vector";
import GeoTIFFSource from "ol/source/GeoTIFF";
import Draw from "ol/interaction/Draw";
import Point from "ol/geom/Point";
import OlFeature from "ol/Feature";
import type Polygon from "ol/geom/Polygon";
import Modify from "ol/interaction/Modify";
import Snap from "ol/interaction/Snap";
import { defaults as defaultControls, ScaleLine, Attribution } from "ol/control";
import { Fill, Stroke, Style, Circle as CircleStyle } from "ol/style";
import { fromLonLat, get as getProjection, toLonLat, transformExtent } from "ol/proj";
import { getRenderPixel } from "ol/render";
import type RenderEvent from "ol/render/Event";
import { register } from "ol/proj/proj4";
import { createEmpty, extend, isEmpty } from "ol/extent";
import type Feature from "ol/Feature";
import type { FeatureLike } from "ol/Feature";
import proj4 from "proj4";
import type { AreaGeometry } from "@/lib/geo/area-geometry";
import { addPart, fromParts, type PartRings } from "@/lib/geo/sketch";
import { createBasemapLayers, type BasemapConfig } from "./basemap";

export interface SceneLayerConfig {
  id: string;
  url: string;
  /** "EPSG:nnnn" */
  crs: string;
  proj4: string;
  /** 1-based band numbers shown as red, green, blue. */
  bands: [number, number, number];
  /** Stretch per shown band: values at or below min are black, at or above max full. */
  min: [number, number, number];
  max: [number, number, number];
  nodata: number | null;
  attribution: string;
}

export interface SiteMapProps {
  basemap: BasemapConfig;
  footprint?: Geometry | null;
  /** Features with properties.id and properties.kind (used for styling: status or change type). */
  changes?: FeatureCollection;
  scene?: SceneLayerConfig | null;
  /** Several scenes, bottom to top (instead of `scene`). */
  scenes?: SceneLayerConfig[];
  /** With two or more scenes: the top one shows only right of this fraction of the width (a swipe). */
  swipe?: number | null;
  /** A view shared with another map (side-by-side comparison keeps both in step). */
  view?: View;
  /** Pixel values of each scene and the coordinates under the pointer; null when it leaves the map. */
  onReadout?: (readout: Readout | null) => void;
  selectedId?: string | null;
  onSelect?: (id: string | null) => void;
  /** The feature under the pointer (id), or null. */
  onHover?: (id: string | null) => void;
  /** Drawing and editing a polygon sketch (a change or a footprint); see SketchConfig. */
  sketch?: SketchConfig | null;
  /** Fit to this [minLon, minLat, maxLon, maxLat]; otherwise to the footprint or changes. */
  fitBbox?: [number, number, number, number] | null;
  /** Centre the view here (changes to the object re-centre). */
  goTo?: { lon: number; lat: number; zoom: number } | null;
  height?: string;
  label: string;
}

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

export interface Readout {
  lon: number;
  lat: number;
  /** Per scene, bottom to top: the values of its shown bands, or null outside it or on nodata. */
  scenes: Array<{ id: string; bands: [number, number, number]; values: number[] | null }>;
}

const format = new GeoJSON({ dataProjection: "EPSG:4326", featureProjection: "EPSG:3857" });

const COLORS: Record<string, string> = {
  sketch: "#f59e0b",
  DRAFT: "#6b7280",
  SUBMITTED: "#d97706",
  CHANGES_REQUESTED: "#9333ea",
  APPROVED: "#059669",
  REJECTED: "#991b1b",
  PUBLISHED: "#dc2626",
  RETRACTED: "#111827",
  construction: "#2563eb",
  demolition: "#dc2626",
  expansion: "#7c3aed",
  burned_structures: "#ea580c",
  fencing_walls_watchtowers: "#0f766e",
  vegetation_clearance: "#65a30d",
  earthworks: "#a16207",
  other: "#475569",
};

function changeStyle(feature: FeatureLike, selected: boolean): Style {
  const color = COLORS[String(feature.get("kind"))] ?? "#dc2626";
  return new Style({
    stroke: new Stroke({ color, width: selected ? 4 : 2, lineDash: feature.get("kind") === "DRAFT" ? [6, 4] : undefined }),
    fill: new Fill({ color: `${color}${selected ? "55" : "26"}` }),
    image: new CircleStyle({ radius: selected ? 8 : 6, fill: new Fill({ color }), stroke: new Stroke({ color: "#fff", width: 2 }) }),
  });
}

const footprintStyle = new Style({ stroke: new Stroke({ color: "#0f172a", width: 2, lineDash: [8, 6] }) });
const drawStyle = new Style({
  stroke: new Stroke({ color: "#f59e0b", width: 3 }),
  fill: new Fill({ color: "rgba(245,158,11,0.2)" }),
  image: new CircleStyle({ radius: 5, fill: new Fill({ color: "#f59e0b" }), stroke: new Stroke({ color: "#fff", width: 1 }) }),
});
const selectedPartStyle = new Style({
  stroke: new Stroke({ color: "#2563eb", width: 4 }),
  fill: new Fill({ color: "rgba(37,99,235,0.25)" }),
});
const markerStyles = {
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
  return !!t && (t.tagName === "BUTTON" || t.tagName === "A" || (t.tagName === "INPUT" && ["checkbox", "radio", "file", "button", "submit"].includes((t as HTMLInputElement).type)));
}

function sceneStyle(scene: SceneLayerConfig) {
  const channel = (i: 0 | 1 | 2) => {
    const span = Math.max(1e-9, scene.max[i] - scene.min[i]);
    return ["clamp", ["/", ["-", ["band", i + 1], scene.min[i]], span], 0, 1];
  };
  // With nodata set the source appends an alpha band (4th) that masks nodata pixels.
  return { color: ["array", channel(0), channel(1), channel(2), scene.nodata === null ? 1 : ["band", 4]] };
}

/** Draws a WebGL layer only right of the swipe line (the scissor test clips its pixels). */
function clipToSwipe(layer: WebGLTileLayer, map: OlMap, swipe: { current: number | null }): void {
  layer.on("prerender", (event: RenderEvent) => {
    const gl = event.context as WebGLRenderingContext | undefined;
    const size = map.getSize();
    if (!gl || !size || swipe.current === null) return;
    const [w, h] = size as [number, number];
    const bottomLeft = getRenderPixel(event, [0, h]);
    const topRight = getRenderPixel(event, [w, 0]);
    const width = topRight[0]! - bottomLeft[0]!;
    const left = Math.round(width * swipe.current);
    gl.enable(gl.SCISSOR_TEST);
    gl.scissor(bottomLeft[0]! + left, bottomLeft[1]!, Math.max(0, width - left), topRight[1]! - bottomLeft[1]!);
  });
  layer.on("postrender", (event: RenderEvent) => {
    const gl = event.context as WebGLRenderingContext | undefined;
    gl?.disable(gl.SCISSOR_TEST);
  });
}

export default function SiteMap(props: SiteMapProps) {
  const target = useRef<HTMLDivElement>(null);
  const mapRef = useRef<OlMap | null>(null);
  const changesSource = useRef(new VectorSource());
  const footprintSource = useRef(new VectorSource());
  const drawSource = useRef(new VectorSource());
  const markerSource = useRef(new VectorSource());
  const sceneLayers = useRef<WebGLTileLayer[]>([]);
  const swipe = useRef<number | null>(props.swipe ?? null);
  const onReadout = useRef(props.onReadout);
  onReadout.current = props.onReadout;
  const selected = useRef<string | null>(props.selectedId ?? null);
  const onSelect = useRef(props.onSelect);
  const onHover = useRef(props.onHover);
  const sketch = useRef(props.sketch ?? null);
  sketch.current = props.sketch ?? null;
  /** The sketch as last handed out, so the echo coming back as a prop does not rebuild the features mid-edit. */
  const lastEmitted = useRef<string>("null");
  /** When the last part was finished: the click that closed it must not also select a part. */
  const lastDrawEnd = useRef(0);
  onSelect.current = props.onSelect;
  onHover.current = props.onHover;

  // Create the map once.
  useEffect(() => {
    if (!target.current) return;
    const changesLayer = new VectorLayer({
      source: changesSource.current,
      style: (f) => changeStyle(f, f.get("id") === selected.current),
      properties: { name: "changes" },
    });
    const map = new OlMap({
      target: target.current,
      controls: defaultControls({ attribution: false }).extend([new ScaleLine(), new Attribution({ collapsible: false })]),
      layers: [
        ...createBasemapLayers(props.basemap),
        new VectorLayer({ source: footprintSource.current, style: footprintStyle, properties: { name: "footprint" } }),
        changesLayer,
        new VectorLayer({
          source: drawSource.current,
          style: (f) => (f.get("part") === sketch.current?.selectedPart ? selectedPartStyle : drawStyle),
          properties: { name: "drawing" },
        }),
        new VectorLayer({ source: markerSource.current, style: (f) => markerStyles[f.get("severity") as "error" | "warning"], properties: { name: "problems" } }),
      ],
      view: props.view ?? new View({ center: [0, 0], zoom: 2, maxZoom: 20 }),
    });
    map.on("singleclick", (e) => {
      if (map.getInteractions().getArray().some((i) => i instanceof Draw && i.getActive())) return;
      if (sketch.current?.onSelectPart && Date.now() - lastDrawEnd.current > 600) {
        const part = map.forEachFeatureAtPixel(e.pixel, (f) => f, { layerFilter: (l) => l.get("name") === "drawing" });
        if (part) return sketch.current.onSelectPart(Number(part.get("part")));
        sketch.current.onSelectPart(null);
      }
      const hit = map.forEachFeatureAtPixel(e.pixel, (f) => f, { layerFilter: (l) => l === changesLayer });
      onSelect.current?.(hit ? String(hit.get("id")) : null);
    });
    map.on("pointermove", (e) => {
      if (onReadout.current) {
        const [lon, lat] = toLonLat(e.coordinate) as [number, number];
        onReadout.current({
          lon,
          lat,
          scenes: sceneLayers.current.map((l) => {
            const config = l.get("config") as SceneLayerConfig;
            const data = l.getData(e.pixel) as ArrayLike<number> | null;
            // With nodata the source adds an alpha band: 0 there means no value.
            const values = data && (config.nodata === null || data[3] !== 0) ? Array.from(data).slice(0, 3) : null;
            return { id: config.id, bands: config.bands, values };
          }),
        });
      }
      const hit = map.forEachFeatureAtPixel(e.pixel, (f) => f, { layerFilter: (l) => l === changesLayer });
      const el = map.getTargetElement();
      if (el) el.style.cursor = hit && onSelect.current ? "pointer" : "";
      onHover.current?.(hit ? String(hit.get("id")) : null);
    });
    map.on("rendercomplete", () => target.current?.setAttribute("data-rendered", "true"));
    const viewport: HTMLElement | undefined = map.getViewport();
    viewport?.addEventListener("pointerleave", () => onReadout.current?.(null));
    mapRef.current = map;
    return () => {
      map.setTarget(undefined);
      mapRef.current = null;
    };
    // The basemap is fixed for the page's life.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Footprint and changes.
  useEffect(() => {
    footprintSource.current.clear();
    if (props.footprint) footprintSource.current.addFeature(format.readFeature({ type: "Feature", geometry: props.footprint, properties: {} }) as Feature);
    changesSource.current.clear();
    if (props.changes) changesSource.current.addFeatures(format.readFeatures(props.changes) as Feature[]);
  }, [props.footprint, props.changes]);

  // Selection restyles.
  useEffect(() => {
    selected.current = props.selectedId ?? null;
    changesSource.current.changed();
  }, [props.selectedId]);

  // Fit the view once there is something to show.
  const fitKey = JSON.stringify(props.fitBbox ?? null) + (props.footprint ? "f" : "") + (props.changes?.features.length ?? 0);
  const fitted = useRef(false);
  useEffect(() => {
    const map = mapRef.current;
    if (!map || fitted.current) return;
    // A view shared with another map (or kept across view modes) is fitted once, by whichever map came first.
    if (map.getView().get("fitted")) {
      fitted.current = true;
      return;
    }
    let extent = createEmpty();
    if (props.fitBbox) extent = transformExtent(props.fitBbox, "EPSG:4326", "EPSG:3857");
    else {
      if (footprintSource.current.getFeatures().length) extend(extent, footprintSource.current.getExtent()!);
      if (changesSource.current.getFeatures().length) extend(extent, changesSource.current.getExtent()!);
    }
    if (isEmpty(extent)) return;
    map.getView().fit(extent, { padding: [40, 40, 40, 40], maxZoom: 16 });
    map.getView().set("fitted", true);
    fitted.current = true;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fitKey]);

  useEffect(() => {
    if (!props.goTo || !mapRef.current) return;
    mapRef.current.getView().setCenter(fromLonLat([props.goTo.lon, props.goTo.lat]));
    mapRef.current.getView().setZoom(props.goTo.zoom);
  }, [props.goTo]);

  // Scene imagery.
  const scenes = props.scenes ?? (props.scene ? [props.scene] : []);
  const scenesKey = JSON.stringify(scenes);
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    for (const l of sceneLayers.current) map.removeLayer(l);
    sceneLayers.current = [];
    target.current?.removeAttribute("data-scene-loaded");
    target.current?.setAttribute("data-scenes-loaded", "");
    // Imagery goes above the basemap, under the footprint and changes.
    const basemapCount = map.getLayers().getArray().filter((l) => String(l.get("name") ?? "").startsWith("basemap")).length;
    scenes.forEach((scene, index) => {
      if (!getProjection(scene.crs)) {
        proj4.defs(scene.crs, scene.proj4);
        register(proj4);
      }
      const source = new GeoTIFFSource({
        sources: [{ url: scene.url, bands: scene.bands, nodata: scene.nodata ?? undefined }],
        normalize: false,
        projection: getProjection(scene.crs) ?? undefined,
        attributions: scene.attribution,
        // Nearest pixel, as in QGIS: analysts see the pixels that are there, and the readout gives their true values.
        interpolate: false,
      });
      source.on("tileloadend", () => {
        const el = target.current;
        if (!el) return;
        el.setAttribute("data-scene-loaded", scene.id);
        const loaded = new Set((el.getAttribute("data-scenes-loaded") ?? "").split(" ").filter(Boolean));
        loaded.add(scene.id);
        el.setAttribute("data-scenes-loaded", [...loaded].join(" "));
      });
      source.on("tileloaderror", () => target.current?.setAttribute("data-scene-error", scene.id));
      const layer = new WebGLTileLayer({ source, style: sceneStyle(scene), properties: { name: "scene", config: scene } });
      if (index > 0 && index === scenes.length - 1) clipToSwipe(layer, map, swipe);
      map.getLayers().insertAt(basemapCount + index, layer);
      sceneLayers.current.push(layer);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scenesKey]);

  useEffect(() => {
    swipe.current = props.swipe ?? null;
    mapRef.current?.render();
  }, [props.swipe]);

  // The sketch: one feature per polygon part, rebuilt when the geometry comes from outside (undo, import, a change opened for editing).
  const sketchJson = JSON.stringify(props.sketch?.geometry ?? null);
  useEffect(() => {
    if (sketchJson === lastEmitted.current && drawSource.current.getFeatures().length > 0) return;
    lastEmitted.current = sketchJson;
    drawSource.current.clear();
    const parts = props.sketch?.geometry ? (props.sketch.geometry.type === "Polygon" ? [props.sketch.geometry.coordinates] : props.sketch.geometry.coordinates) : [];
    parts.forEach((rings, part) => {
      const f = format.readFeature({ type: "Feature", geometry: { type: "Polygon", coordinates: rings }, properties: { part } }) as Feature;
      drawSource.current.addFeature(f);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sketchJson]);

  useEffect(() => {
    drawSource.current.changed();
  }, [props.sketch?.selectedPart]);

  const markersJson = JSON.stringify(props.sketch?.markers ?? []);
  useEffect(() => {
    markerSource.current.clear();
    const markers = props.sketch?.markers ?? [];
    markerSource.current.addFeatures(markers.map((m) => new OlFeature({ geometry: new Point(fromLonLat(m.at)), severity: m.severity })));
    target.current?.setAttribute("data-sketch-markers", String(markers.length));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [markersJson]);

  const sketchActive = !!props.sketch;
  const tool = props.sketch?.tool ?? "edit";
  const snapOn = props.sketch?.snap ?? true;
  const multi = props.sketch?.multi ?? true;
  const snaps = useRef<Snap[]>([]);
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !sketchActive) return;
    const emit = (geometry: AreaGeometry | null, featuresInSync: boolean) => {
      // After a vertex edit the features already show the result; after a new part they do not, so the prop rebuilds them.
      lastEmitted.current = featuresInSync ? JSON.stringify(geometry) : "";
      sketch.current?.onChange(geometry);
    };
    const ringsOf = (f: Feature) => (format.writeGeometryObject(f.getGeometry() as Polygon, { decimals: 9 }) as { coordinates: PartRings }).coordinates;
    const modify = new Modify({ source: drawSource.current });
    modify.on("modifyend", () => {
      const features = [...drawSource.current.getFeatures()].sort((a, b) => Number(a.get("part")) - Number(b.get("part")));
      emit(fromParts(features.map(ringsOf)), true);
    });
    map.addInteraction(modify);
    let draw: Draw | null = null;
    if (tool === "draw") {
      draw = new Draw({ type: "Polygon", style: drawStyle });
      draw.on("drawend", (e) => {
        lastDrawEnd.current = Date.now();
        const rings = ringsOf(e.feature as Feature);
        // Finished with Enter after fewer than three corners: not a part.
        if ((rings[0]?.length ?? 0) < 4) return;
        const current = sketch.current?.geometry ?? null;
        emit(multi ? addPart(current, rings) : fromParts([rings]), false);
        sketch.current?.onPartDrawn?.();
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
    const el = target.current;
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
  }, [sketchActive, tool, multi]);

  // Snapping on its own, so turning it on or off never disturbs a part being drawn.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !sketchActive || !snapOn) return;
    snaps.current = [footprintSource.current, changesSource.current, drawSource.current].map((source) => new Snap({ source }));
    for (const s of snaps.current) map.addInteraction(s);
    return () => {
      for (const s of snaps.current) map.removeInteraction(s);
      snaps.current = [];
    };
  }, [sketchActive, snapOn]);

  return <div ref={target} className="map" style={{ height: props.height ?? "480px" }} role="region" aria-label={props.label} data-testid="map" />;
}
