// Default display of a scene: which bands as red/green/blue and the contrast stretch.
import type { SceneLayerConfig } from "@/components/map/SiteMap";
import type { SceneView } from "@/lib/annotations/change-view";

/** Landsat-like multispectral files keep blue, green, red in bands 1–3; plain RGB files in 1–3 in that order. */
export function defaultBands(scene: Pick<SceneView, "bandCount">): [number, number, number] {
  if (scene.bandCount >= 6) return [3, 2, 1];
  if (scene.bandCount >= 3) return [1, 2, 3];
  return [1, 1, 1];
}

export function sceneLayerConfig(scene: SceneView, bands: [number, number, number] = defaultBands(scene)): SceneLayerConfig {
  const stat = (b: number) => scene.bandStats[b - 1] ?? { p2: 0, p98: 255 };
  return {
    id: scene.id,
    url: `/api/scenes/${scene.id}/cog`,
    crs: scene.crs,
    proj4: scene.crsProj4,
    bands,
    min: [stat(bands[0]).p2, stat(bands[1]).p2, stat(bands[2]).p2],
    max: [stat(bands[0]).p98, stat(bands[1]).p98, stat(bands[2]).p98],
    nodata: scene.nodata,
    attribution: `${scene.attribution}${scene.synthetic ? " (synthetic)" : ""}`,
  };
}
