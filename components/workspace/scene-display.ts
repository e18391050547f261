// How a scene is displayed: which bands as red/green/blue and the contrast
// stretch, with defaults from the statistics stored at ingest.
import type { SceneLayerConfig } from "@/components/map/SiteMap";
import type { SceneView } from "@/lib/scenes/scene-view";

export type StretchMode = "p2-p98" | "min-max" | "custom";

export interface DisplaySettings {
  bands: [number, number, number];
  stretch: StretchMode;
  /** For the custom stretch: one range for all three bands. */
  min: number;
  max: number;
}

/** Landsat-like multispectral files keep blue, green, red in bands 1–3; plain RGB files in 1–3 in that order. */
export function defaultBands(scene: Pick<SceneView, "bandCount">): [number, number, number] {
  if (scene.bandCount >= 6) return [3, 2, 1];
  if (scene.bandCount >= 3) return [1, 2, 3];
  return [1, 1, 1];
}

export function defaultDisplay(scene: SceneView): DisplaySettings {
  const bands = defaultBands(scene);
  const stats = bands.map((b) => scene.bandStats[b - 1]).filter((s) => s !== undefined);
  return {
    bands,
    stretch: "p2-p98",
    min: stats.length ? Math.min(...stats.map((s) => s.p2)) : 0,
    max: stats.length ? Math.max(...stats.map((s) => s.p98)) : 255,
  };
}

export function sceneLayerConfig(scene: SceneView, display: DisplaySettings = defaultDisplay(scene)): SceneLayerConfig {
  const bands = display.bands.map((b) => (b >= 1 && b <= scene.bandCount ? b : 1)) as [number, number, number];
  const stat = (b: number) => scene.bandStats[b - 1] ?? { p2: 0, p98: 255, min: 0, max: 255 };
  const range = (b: number): [number, number] =>
    display.stretch === "custom" ? [display.min, display.max] : display.stretch === "min-max" ? [stat(b).min, stat(b).max] : [stat(b).p2, stat(b).p98];
  const ranges = bands.map(range);
  return {
    id: scene.id,
    url: `/api/scenes/${scene.id}/cog`,
    // A user-defined CRS is a PROJ string: register it under a name of its own.
    crs: scene.crs.startsWith("EPSG:") ? scene.crs : `SITEWATCH:${scene.id}`,
    proj4: scene.crsProj4,
    bands,
    min: ranges.map((r) => r[0]) as [number, number, number],
    max: ranges.map((r) => r[1]) as [number, number, number],
    nodata: scene.nodata,
    attribution: `${scene.attribution}${scene.synthetic ? " (synthetic)" : ""}`,
  };
}
