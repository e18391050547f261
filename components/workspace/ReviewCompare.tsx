"use client";
// The review check of one change: its before and after scenes side by side
// with linked views, the polygon over both, zoomed to the change.
import { useMemo, useRef } from "react";
import type { FeatureCollection } from "geojson";
import { bbox } from "@turf/turf";
import View from "ol/View";
import SiteMap from "@/components/map/SiteMap";
import type { BasemapConfig } from "@/components/map/basemap";
import type { ChangeView } from "@/lib/annotations/change-view";
import type { SceneView } from "@/lib/scenes/scene-view";
import { formatDate } from "@/lib/format";
import { sceneLayerConfig } from "./scene-display";

export default function ReviewCompare({ change, before, after, basemap }: { change: ChangeView; before: SceneView; after: SceneView; basemap: BasemapConfig }) {
  const view = useRef<View | null>(null);
  if (!view.current && typeof window !== "undefined") view.current = new View({ center: [0, 0], zoom: 2, maxZoom: 20 });
  const changes = useMemo<FeatureCollection>(
    () => ({ type: "FeatureCollection", features: [{ type: "Feature", geometry: change.geometry, properties: { id: change.id, kind: change.status } }] }),
    [change],
  );
  // The change with a margin of half its size around it, so its surroundings can be judged too.
  const fit = useMemo(() => {
    const [w, s, e, n] = bbox(change.geometry);
    const dx = Math.max((e - w) / 2, 0.002);
    const dy = Math.max((n - s) / 2, 0.002);
    return [w - dx, s - dy, e + dx, n + dy] as [number, number, number, number];
  }, [change.geometry]);
  // Not drawn as selected: a light fill keeps the pixels inside the outline visible for judging.
  const shared = { basemap, changes, fitBbox: fit, view: view.current ?? undefined, height: "360px" };
  return (
    <div className="grid-2 compare-side" data-testid="review-compare">
      <figure style={{ margin: 0 }}>
        <SiteMap {...shared} scene={sceneLayerConfig(before)} label={`Before: the scene of ${formatDate(before.acquiredAt)}, with the change outlined`} />
        <figcaption className="small">
          Before · {formatDate(before.acquiredAt)} · {before.sensor || "unknown sensor"}
          {before.synthetic && <span className="badge synthetic"> synthetic</span>}
        </figcaption>
      </figure>
      <figure style={{ margin: 0 }}>
        <SiteMap {...shared} scene={sceneLayerConfig(after)} label={`After: the scene of ${formatDate(after.acquiredAt)}, with the change outlined`} />
        <figcaption className="small">
          After · {formatDate(after.acquiredAt)} · {after.sensor || "unknown sensor"}
          {after.synthetic && <span className="badge synthetic"> synthetic</span>}
        </figcaption>
      </figure>
    </div>
  );
}
