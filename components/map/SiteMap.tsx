"use client";
// One map component for every page: basemap, optional scene imagery (the
// stored GeoTIFF read through the signed-in Range endpoint), a site footprint,
// change polygons, and an optional polygon drawing tool. Everything crossing
// this component's boundary is GeoJSON in EPSG:4326; EPSG:3857 stays inside.
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
import { fromLonLat, get as getProjection, transformExtent } from "ol/proj";
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

export default function SiteMap(props: SiteMapProps) {
  const target = useRef<HTMLDivElement>(null);
  const mapRef = useRef<OlMap | null>(null);
  const changesSource = useRef(new VectorSource());
  const footprintSource = useRef(new VectorSource());
  const drawSource = useRef(new VectorSource());
  const sceneLayer = useRef<WebGLTileLayer | null>(null);
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
      view: new View({ center: [0, 0], zoom: 2, maxZoom: 20 }),
    });
    map.on("singleclick", (e) => {
      if (map.getInteractions().getArray().some((i) => i instanceof Draw && i.getActive())) return;
      const hit = map.forEachFeatureAtPixel(e.pixel, (f) => f, { layerFilter: (l) => l === changesLayer });
      onSelect.current?.(hit ? String(hit.get("id")) : null);
    });
    map.on("pointermove", (e) => {
      const hit = map.forEachFeatureAtPixel(e.pixel, (f) => f, { layerFilter: (l) => l === changesLayer });
      const el = map.getTargetElement();
      if (el) el.style.cursor = hit && onSelect.current ? "pointer" : "";
      onHover.current?.(hit ? String(hit.get("id")) : null);
    });
    map.on("rendercomplete", () => target.current?.setAttribute("data-rendered", "true"));
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
    let extent = createEmpty();
    if (props.fitBbox) extent = transformExtent(props.fitBbox, "EPSG:4326", "EPSG:3857");
    else {
      if (footprintSource.current.getFeatures().length) extend(extent, footprintSource.current.getExtent()!);
      if (changesSource.current.getFeatures().length) extend(extent, changesSource.current.getExtent()!);
    }
    if (isEmpty(extent)) return;
    map.getView().fit(extent, { padding: [40, 40, 40, 40], maxZoom: 16 });
    fitted.current = true;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fitKey]);

  useEffect(() => {
    if (!props.goTo || !mapRef.current) return;
    mapRef.current.getView().setCenter(fromLonLat([props.goTo.lon, props.goTo.lat]));
    mapRef.current.getView().setZoom(props.goTo.zoom);
  }, [props.goTo]);

  // Scene imagery.
  const sceneKey = props.scene ? JSON.stringify(props.scene) : "";
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    if (sceneLayer.current) {
      map.removeLayer(sceneLayer.current);
      sceneLayer.current = null;
    }
    target.current?.removeAttribute("data-scene-loaded");
    const scene = props.scene;
    if (!scene) return;
    if (!getProjection(scene.crs)) {
      proj4.defs(scene.crs, scene.proj4);
      register(proj4);
    }
    const source = new GeoTIFFSource({
      sources: [{ url: scene.url, bands: scene.bands, nodata: scene.nodata ?? undefined }],
      normalize: false,
      projection: getProjection(scene.crs) ?? undefined,
      attributions: scene.attribution,
      interpolate: true,
    });
    source.on("tileloadend", () => target.current?.setAttribute("data-scene-loaded", scene.id));
    source.on("tileloaderror", () => target.current?.setAttribute("data-scene-error", scene.id));
    const layer = new WebGLTileLayer({ source, style: sceneStyle(scene), properties: { name: "scene" } });
    // Imagery goes above the basemap, under the footprint and changes.
    const basemapCount = map.getLayers().getArray().filter((l) => String(l.get("name") ?? "").startsWith("basemap")).length;
    map.getLayers().insertAt(basemapCount, layer);
    sceneLayer.current = layer;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sceneKey]);

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
