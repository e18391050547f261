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
import { drawStyle, markerStyles, selectedPartStyle, useSketch, type SketchConfig } from "./use-sketch";

export type { SketchConfig, SketchMarker, SketchTool } from "./use-sketch";
export { isTyping } from "./use-sketch";
import { createBasemapLayers, type BasemapConfig } from "./basemap";
import { changeColor } from "./change-colors";

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

export interface Readout {
  lon: number;
  lat: number;
  /** Per scene, bottom to top: the values of its shown bands, or null outside it or on nodata. */
  scenes: Array<{ id: string; bands: [number, number, number]; values: number[] | null }>;
}

const format = new GeoJSON({ dataProjection: "EPSG:4326", featureProjection: "EPSG:3857" });

function changeStyle(feature: FeatureLike, selected: boolean): Style {
  const color = changeColor(String(feature.get("kind")));
  return new Style({
    stroke: new Stroke({ color, width: selected ? 4 : 2, lineDash: feature.get("kind") === "DRAFT" ? [6, 4] : feature.get("kind") === "CANDIDATE" ? [2, 3] : undefined }),
    fill: new Fill({ color: `${color}${selected ? "55" : "26"}` }),
    image: new CircleStyle({ radius: selected ? 8 : 6, fill: new Fill({ color }), stroke: new Stroke({ color: "#fff", width: 2 }) }),
  });
}

const footprintStyle = new Style({ stroke: new Stroke({ color: "#0f172a", width: 2, lineDash: [8, 6] }) });
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
      if (
        map
          .getInteractions()
          .getArray()
          .some((i) => i instanceof Draw && i.getActive())
      )
        return;
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
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the map is made once: the basemap is fixed for the page's life, and callbacks read the latest props through refs
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
    // eslint-disable-next-line react-hooks/exhaustive-deps -- fitKey stands for fitBbox, footprint and changes, which are new objects every render
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
    const basemapCount = map
      .getLayers()
      .getArray()
      .filter((l) => String(l.get("name") ?? "").startsWith("basemap")).length;
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
    // eslint-disable-next-line react-hooks/exhaustive-deps -- scenesKey stands for the scenes and their display; rebuilding the WebGL layers on every render would reload every tile
  }, [scenesKey]);

  useEffect(() => {
    swipe.current = props.swipe ?? null;
    mapRef.current?.render();
  }, [props.swipe]);

  useSketch({
    mapRef,
    target,
    sketch: props.sketch ?? null,
    sketchRef: sketch,
    lastEmitted,
    lastDrawEnd,
    sources: { footprint: footprintSource.current, changes: changesSource.current, draw: drawSource.current, markers: markerSource.current },
  });

  return <div ref={target} className="map" style={{ height: props.height ?? "480px" }} role="region" aria-label={props.label} data-testid="map" />;
}
