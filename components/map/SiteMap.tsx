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
  /** Drawing: a polygon drawn (or its vertices modified) is handed out as EPSG:4326 GeoJSON. */
  draw?: { active: boolean; onDrawn: (geometry: Geometry) => void; clearSignal?: number };
  /** Fit to this [minLon, minLat, maxLon, maxLat]; otherwise to the footprint or changes. */
  fitBbox?: [number, number, number, number] | null;
  /** Centre the view here (changes to the object re-centre). */
  goTo?: { lon: number; lat: number; zoom: number } | null;
  height?: string;
  label: string;
}

export interface Readout {
  lon: number;
  lat: number;
  /** Per scene, bottom to top: the values of its shown bands, or null outside it or on nodata. */
  scenes: Array<{ id: string; bands: [number, number, number]; values: number[] | null }>;
}

const format = new GeoJSON({ dataProjection: "EPSG:4326", featureProjection: "EPSG:3857" });

const COLORS: Record<string, string> = {
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
  const sceneLayers = useRef<WebGLTileLayer[]>([]);
  const swipe = useRef<number | null>(props.swipe ?? null);
  const onReadout = useRef(props.onReadout);
  onReadout.current = props.onReadout;
  const selected = useRef<string | null>(props.selectedId ?? null);
  const onSelect = useRef(props.onSelect);
  const onHover = useRef(props.onHover);
  const onDrawn = useRef(props.draw?.onDrawn);
  onSelect.current = props.onSelect;
  onHover.current = props.onHover;
  onDrawn.current = props.draw?.onDrawn;

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
        new VectorLayer({ source: drawSource.current, style: drawStyle, properties: { name: "drawing" } }),
      ],
      view: props.view ?? new View({ center: [0, 0], zoom: 2, maxZoom: 20 }),
    });
    map.on("singleclick", (e) => {
      if (map.getInteractions().getArray().some((i) => i instanceof Draw && i.getActive())) return;
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

  // Drawing.
  const drawActive = props.draw?.active ?? false;
  const clearSignal = props.draw?.clearSignal ?? 0;
  useEffect(() => {
    drawSource.current.clear();
  }, [clearSignal]);
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !drawActive) return;
    const emit = (f: Feature) => {
      const geometry = format.writeGeometryObject(f.getGeometry()!) as Geometry;
      onDrawn.current?.(geometry);
    };
    const draw = new Draw({ source: drawSource.current, type: "Polygon", style: drawStyle });
    draw.on("drawstart", () => drawSource.current.clear());
    draw.on("drawend", (e) => emit(e.feature as Feature));
    const modify = new Modify({ source: drawSource.current });
    modify.on("modifyend", (e) => {
      const f = e.features.item(0) as Feature | undefined;
      if (f) emit(f);
    });
    const snapFootprint = new Snap({ source: footprintSource.current });
    const snapChanges = new Snap({ source: changesSource.current });
    for (const i of [draw, modify, snapFootprint, snapChanges]) map.addInteraction(i);
    target.current?.setAttribute("data-drawing", "true");
    return () => {
      for (const i of [draw, modify, snapFootprint, snapChanges]) map.removeInteraction(i);
      target.current?.removeAttribute("data-drawing");
    };
  }, [drawActive]);

  return <div ref={target} className="map" style={{ height: props.height ?? "480px" }} role="region" aria-label={props.label} data-testid="map" />;
}
