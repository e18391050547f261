"use client";
// The basemap: Natural Earth country outlines served by this app (works
// offline), with an optional XYZ tile layer from configuration on top.
import { feature } from "topojson-client";
import type { Topology } from "topojson-specification";
import GeoJSON from "ol/format/GeoJSON";
import TileLayer from "ol/layer/Tile";
import VectorLayer from "ol/layer/Vector";
import VectorSource from "ol/source/Vector";
import XYZ from "ol/source/XYZ";
import { Fill, Stroke, Style } from "ol/style";
import type BaseLayer from "ol/layer/Base";

export interface BasemapConfig {
  /** Optional XYZ URL template; empty for the offline outlines only. */
  tileUrl: string;
  attribution: string;
}

const NATURAL_EARTH = 'Outlines: <a href="https://www.naturalearthdata.com/">Natural Earth</a> (public domain)';

export function createBasemapLayers(config: BasemapConfig): BaseLayer[] {
  const layers: BaseLayer[] = [];
  const countries = new VectorSource({
    attributions: NATURAL_EARTH,
    loader: (_extent, _resolution, projection, success, failure) => {
      fetch("/basemap/countries")
        .then((r) => r.json() as Promise<Topology>)
        .then((topo) => {
          const geojson = feature(topo, topo.objects.countries!);
          const features = new GeoJSON().readFeatures(geojson, { featureProjection: projection });
          countries.addFeatures(features);
          success?.(features);
        })
        .catch(() => failure?.());
    },
  });
  layers.push(
    new VectorLayer({
      source: countries,
      style: new Style({ fill: new Fill({ color: "#eef0ea" }), stroke: new Stroke({ color: "#9aa39a", width: 0.8 }) }),
      properties: { name: "basemap-outlines" },
    }),
  );
  if (config.tileUrl) {
    layers.push(
      new TileLayer({
        source: new XYZ({ url: config.tileUrl, attributions: config.attribution || undefined, crossOrigin: "anonymous" }),
        properties: { name: "basemap-tiles" },
      }),
    );
  }
  return layers;
}
