"use client";
// The public map: light enough for readers on phones. Rendered public tiles
// (XYZ WebP from /tiles, never raw imagery), an optional second date shown
// through a swipe, the site footprint, changes styled by type, damage grade
// and confidence, and site points clustered when zoomed out. No GeoTIFF
// decoding, no reprojection library, no drawing tools: those stay in the
// analysts' SiteMap. GeoJSON in EPSG:4326 crosses this boundary.
import { useEffect, useRef } from "react";
import type { FeatureCollection, Geometry } from "geojson";
import "ol/ol.css";
import OlMap from "ol/Map";
import View from "ol/View";
import GeoJSON from "ol/format/GeoJSON";
import TileLayer from "ol/layer/Tile";
import VectorLayer from "ol/layer/Vector";
import VectorSource from "ol/source/Vector";
import Cluster from "ol/source/Cluster";
import XYZ from "ol/source/XYZ";
import { defaults as defaultControls, ScaleLine } from "ol/control";
import { Circle as CircleStyle, Fill, Stroke, Style, Text } from "ol/style";
import { fromLonLat, toLonLat } from "ol/proj";
import { createEmpty, extend, getHeight, getWidth, isEmpty } from "ol/extent";
import type Feature from "ol/Feature";
import type { FeatureLike } from "ol/Feature";
import type RenderEvent from "ol/render/Event";
import { createBasemapLayers, type BasemapConfig } from "./basemap";
import { changeColor } from "./change-colors";
import type { MapViewState } from "@/lib/publish/timeline";

export interface PublicImagery {
  /** XYZ template, e.g. /tiles/ID/{z}/{x}/{y}.webp?r=KEY */
  template: string;
  maxZoom: number;
  attribution: string;
}

export type { MapViewState };

export interface PublicMapProps {
  basemap: BasemapConfig;
  footprint?: Geometry | null;
  /** Change features: properties id, kind (change type), grade, confidence. */
  changes?: FeatureCollection;
  /** Per change id: "now" (highlighted), "earlier", or "later" (hidden); updated in place, so moving through dates stays cheap. */
  changeStates?: Record<string, string>;
  /** Point features with properties id and name, clustered when close. */
  points?: FeatureCollection;
  imagery?: PublicImagery | null;
  /** A second date, shown left of the swipe line. */
  compare?: PublicImagery | null;
  /** 0..1: where the swipe line is. */
  swipe?: number;
  selectedId?: string | null;
  onSelect?: (id: string | null) => void;
  /** The feature under the pointer: a change or site id, or "cluster:id1,id2,…" for a group of sites. */
  onHover?: (id: string | null) => void;
  /** A group of sites at one place, which zooming cannot separate, was clicked. */
  onClusterPick?: (ids: string[]) => void;
  /** Initial view; otherwise fitted to the footprint, changes or points. */
  initialView?: MapViewState | null;
  onViewChange?: (v: MapViewState) => void;
  /** Bumped to zoom to the selected change. */
  focusKey?: number;
  height?: string;
  label: string;
}

const format = new GeoJSON({ dataProjection: "EPSG:4326", featureProjection: "EPSG:3857" });
const footprintStyle = new Style({ stroke: new Stroke({ color: "#0f172a", width: 2, lineDash: [8, 6] }) });

const styleCache = new Map<string, Style>();

let hatch: CanvasPattern | string | null = null;
/** Grey diagonal lines: the fill of a retracted change. */
function retractedHatch(): CanvasPattern | string {
  if (hatch) return hatch;
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 8;
  const ctx = canvas.getContext("2d");
  if (!ctx) return (hatch = "#6b728033");
  ctx.strokeStyle = "#6b7280aa";
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  ctx.moveTo(0, 8);
  ctx.lineTo(8, 0);
  ctx.stroke();
  return (hatch = ctx.createPattern(canvas, "repeat") ?? "#6b728033");
}
function changeStyle(f: FeatureLike, selected: boolean): Style | undefined {
  const state = String(f.get("state") ?? "now");
  if (state === "later") return undefined;
  const kind = String(f.get("kind"));
  const grade = String(f.get("grade") ?? "");
  const conf = String(f.get("confidence") ?? "high");
  const retracted = f.get("retracted") === true;
  const key = `${kind}|${grade}|${conf}|${state}|${selected}|${retracted}`;
  let s = styleCache.get(key);
  if (!s && retracted) {
    // Retracted by a later release: grey, dashed, hatched across, whatever its type.
    s = new Style({
      stroke: new Stroke({ color: "#6b7280", width: selected ? 4 : 2, lineDash: [6, 4] }),
      fill: new Fill({ color: retractedHatch() }),
      zIndex: selected ? 3 : 0,
    });
    styleCache.set(key, s);
  }
  if (!s) {
    const color = changeColor(kind);
    // Confidence in the line (solid, dashed, dotted); damage grade in the fill's strength; this date's changes bold.
    const dash = conf === "low" ? [2, 4] : conf === "medium" ? [8, 4] : undefined;
    const alpha = grade === "destroyed" ? "88" : grade === "damaged" ? "66" : grade === "possibly_damaged" ? "44" : "33";
    const width = selected ? 5 : state === "now" ? 3.5 : 1.5;
    s = new Style({
      stroke: new Stroke({ color: state === "earlier" ? `${color}cc` : color, width, lineDash: dash }),
      fill: new Fill({ color: `${color}${state === "earlier" ? "22" : alpha}` }),
      zIndex: selected ? 3 : state === "now" ? 2 : 1,
    });
    styleCache.set(key, s);
  }
  return s;
}

function clusterStyle(f: FeatureLike, selected: string | null): Style {
  const members = (f.get("features") as Feature[] | undefined) ?? [];
  const n = members.length;
  const isSel = n === 1 && members[0]!.get("id") === selected;
  return new Style({
    image: new CircleStyle({
      radius: n > 1 ? 10 + Math.min(14, Math.log2(n) * 3) : 7,
      fill: new Fill({ color: isSel ? "#7f1d1d" : "#dc2626" }),
      stroke: new Stroke({ color: "#fff", width: 2 }),
    }),
    text: n > 1 ? new Text({ text: String(n), fill: new Fill({ color: "#fff" }), font: "bold 12px system-ui, sans-serif" }) : undefined,
  });
}

function tileLayer(img: PublicImagery, name: string): TileLayer<XYZ> {
  return new TileLayer({
    source: new XYZ({ url: img.template, maxZoom: img.maxZoom, attributions: img.attribution, transition: 0 }),
    properties: { name },
  });
}

export default function PublicMap(props: PublicMapProps) {
  const el = useRef<HTMLDivElement>(null);
  const mapRef = useRef<OlMap | null>(null);
  const layers = useRef<{
    changes: VectorLayer<VectorSource>;
    footprint: VectorLayer<VectorSource>;
    points: VectorLayer<Cluster> | null;
    imagery: TileLayer<XYZ> | null;
    compare: TileLayer<XYZ> | null;
  } | null>(null);
  /** Fits the view to the data the first time there is any (unless a view was given). */
  const fitOnce = useRef<() => void>(() => undefined);
  const latest = useRef(props);
  latest.current = props;

  // The map, once.
  useEffect(() => {
    const footprint = new VectorLayer({ source: new VectorSource(), style: footprintStyle, properties: { name: "footprint" } });
    const changes = new VectorLayer({ source: new VectorSource(), style: (f) => changeStyle(f, f.get("id") === latest.current.selectedId), properties: { name: "changes" } });
    const points = latest.current.points
      ? new VectorLayer({
          source: new Cluster({ distance: 36, minDistance: 12, source: new VectorSource() }),
          style: (f) => clusterStyle(f, latest.current.selectedId ?? null),
          properties: { name: "points" },
        })
      : null;
    const v = latest.current.initialView;
    const map = new OlMap({
      target: el.current!,
      layers: [...createBasemapLayers(latest.current.basemap), footprint, changes, ...(points ? [points] : [])],
      view: new View(v ? { center: fromLonLat([v.lon, v.lat]), zoom: v.zoom, maxZoom: 20 } : { center: [0, 0], zoom: 2, maxZoom: 20 }),
      // Credits behind an (i) button on a narrow map, where they would cover much of it and the scale bar; open on a wide one.
      controls: defaultControls({ attributionOptions: { collapsible: true, collapsed: el.current!.clientWidth < 700, tipLabel: "Imagery and map credits" } }).extend([
        new ScaleLine(),
      ]),
    });
    mapRef.current = map;
    layers.current = { changes, footprint, points, imagery: null, compare: null };

    const hit = (pixel: number[], clusters = false): string | null => {
      let id: string | null = null;
      map.forEachFeatureAtPixel(
        pixel,
        (f) => {
          const members = f.get("features") as Feature[] | undefined;
          if (members) {
            if (members.length === 1) id = String(members[0]!.get("id"));
            else if (clusters) id = `cluster:${members.map((m) => m.get("id")).join(",")}`;
            return true;
          }
          if (f.get("state") !== "later" && f.get("id")) id = String(f.get("id"));
          return Boolean(id);
        },
        { hitTolerance: 4, layerFilter: (l) => l === changes || l === points },
      );
      return id;
    };
    map.on("singleclick", (e) => {
      const members = map.forEachFeatureAtPixel(e.pixel, (f) => f.get("features") as Feature[] | undefined, { layerFilter: (l) => l === points });
      if (members && members.length > 1) {
        // A group: zoom to its members, or, if they share one place, let the reader choose.
        const ext = createEmpty();
        for (const m of members) extend(ext, m.getGeometry()!.getExtent());
        if (getWidth(ext) < 50 && getHeight(ext) < 50) latest.current.onClusterPick?.(members.map((m) => String(m.get("id"))));
        else map.getView().fit(ext, { padding: [60, 60, 60, 60], maxZoom: 16, duration: 250 });
        return;
      }
      latest.current.onSelect?.(hit(e.pixel));
    });
    let hovered: string | null = null;
    map.on("pointermove", (e) => {
      if (e.dragging) return;
      const id = hit(e.pixel, true);
      const target = map.getTargetElement();
      if (target) target.style.cursor = id ? "pointer" : "";
      if (id !== hovered) {
        hovered = id;
        latest.current.onHover?.(id);
      }
    });
    map.on("moveend", () => {
      const view = map.getView();
      const c = view.getCenter();
      if (!c) return;
      const [lon, lat] = toLonLat(c);
      map.getTargetElement()?.setAttribute("data-zoom", (view.getZoom() ?? 0).toFixed(2));
      latest.current.onViewChange?.({ lon: lon!, lat: lat!, zoom: view.getZoom() ?? 0 });
    });
    // Everything drawn is data: fit once, unless a view was given.
    let fitted = Boolean(v);
    const fit = () => {
      if (fitted) return;
      const ext = createEmpty();
      for (const l of [footprint, changes]) extend(ext, l.getSource()!.getExtent() ?? createEmpty());
      const onlyPoints = isEmpty(ext) && points !== null;
      if (onlyPoints) extend(ext, points.getSource()!.getSource()!.getExtent() ?? createEmpty());
      if (!isEmpty(ext)) {
        map.getView().fit(ext, { padding: [40, 40, 40, 40], maxZoom: onlyPoints ? 9 : 16 });
        fitted = true;
      }
    };
    fitOnce.current = fit;
    // Tests and screenshots wait for this: every visible tile drawn.
    map.on("rendercomplete", () => {
      if (el.current) el.current.dataset.rendered = "true";
    });
    map.on("movestart", () => {
      if (el.current) el.current.dataset.rendered = "false";
    });
    return () => {
      map.setTarget(undefined);
      mapRef.current = null;
    };
  }, []);

  // Data layers.
  useEffect(() => {
    const l = layers.current!;
    l.footprint.getSource()!.clear();
    if (props.footprint) l.footprint.getSource()!.addFeature(format.readFeature({ type: "Feature", geometry: props.footprint, properties: {} }) as Feature);
    l.changes.getSource()!.clear();
    if (props.changes) l.changes.getSource()!.addFeatures(format.readFeatures(props.changes) as Feature[]);
    // How many changes the map holds, for tests and assistive checks (a large release's arrive after the page).
    el.current?.setAttribute("data-change-count", String(l.changes.getSource()!.getFeatures().length));
    if (l.points) {
      const src = l.points.getSource()!.getSource()!;
      src.clear();
      if (props.points) src.addFeatures(format.readFeatures(props.points) as Feature[]);
    }
    fitOnce.current();
  }, [props.footprint, props.changes, props.points]);

  useEffect(() => {
    const states = props.changeStates;
    if (!states) return;
    for (const f of layers.current!.changes.getSource()!.getFeatures()) f.set("state", states[String(f.get("id"))] ?? "now", true);
    layers.current!.changes.changed();
  }, [props.changeStates, props.changes]);

  useEffect(() => {
    layers.current!.changes.changed();
    layers.current!.points?.changed();
  }, [props.selectedId]);

  // Imagery: the chosen date, and the compare date under a swipe.
  const imgKey = props.imagery?.template ?? "";
  const cmpKey = props.compare?.template ?? "";
  useEffect(() => {
    const map = mapRef.current!;
    const l = layers.current!;
    if (el.current) el.current.dataset.rendered = "false";
    for (const old of [l.imagery, l.compare]) if (old) map.removeLayer(old);
    l.imagery = props.imagery ? tileLayer(props.imagery, "imagery") : null;
    l.compare = props.compare ? tileLayer(props.compare, "imagery-compare") : null;
    const at = map.getLayers().getArray().indexOf(l.footprint);
    // The compare date below, the chosen date on top, clipped right of the swipe line.
    if (l.imagery) map.getLayers().insertAt(at, l.imagery);
    if (l.compare) map.getLayers().insertAt(at, l.compare);
    if (l.imagery && l.compare) {
      const top = l.imagery;
      top.on("prerender", (e: RenderEvent) => {
        const ctx = e.context as CanvasRenderingContext2D;
        const w = ctx.canvas.width;
        const h = ctx.canvas.height;
        const x = w * (latest.current.swipe ?? 0.5);
        ctx.save();
        ctx.beginPath();
        ctx.rect(x, 0, w - x, h);
        ctx.clip();
      });
      top.on("postrender", (e: RenderEvent) => (e.context as CanvasRenderingContext2D).restore());
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the tile templates: props.imagery is a new object every render, and rebuilding the layers would reload every tile
  }, [imgKey, cmpKey]);

  useEffect(() => {
    mapRef.current?.render();
  }, [props.swipe]);

  // Zoom to the selected change when asked.
  useEffect(() => {
    if (!props.focusKey || !props.selectedId) return;
    const f = layers
      .current!.changes.getSource()!
      .getFeatures()
      .find((x) => x.get("id") === props.selectedId);
    const g = f?.getGeometry();
    if (g) mapRef.current!.getView().fit(g.getExtent(), { padding: [80, 80, 80, 80], maxZoom: Math.min(16, props.imagery?.maxZoom ?? 16), duration: 250 });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- zooms only when asked (focusKey); selecting alone must not move the map
  }, [props.focusKey]);

  return <div ref={el} className="map" role="region" aria-label={props.label} data-testid="map" data-rendered="false" style={{ height: props.height ?? "440px" }} />;
}
