// How a scene is displayed: which bands as red/green/blue and the contrast
// stretch, with defaults from the statistics stored at ingest.
import type { SceneLayerConfig } from "@/components/map/SiteMap";
import { defaultBandsFor, defaultStretch } from "@/lib/scenes/public-render";
import type { SceneView } from "@/lib/scenes/scene-view";

export type StretchMode = "p2-p98" | "min-max" | "custom";

export interface DisplaySettings {
  bands: [number, number, number];
  stretch: StretchMode;
  /** For the custom stretch: one range for all three bands. */
  min: number;
  max: number;
}

/** The public tiles' default bands (defaultBandsFor), as the viewer's red, green and blue (one band: grey). */
export function defaultBands(scene: Pick<SceneView, "bandCount">): [number, number, number] {
  const bands = defaultBandsFor(scene.bandCount);
  return bands.length === 3 ? [bands[0]!, bands[1]!, bands[2]!] : [bands[0]!, bands[0]!, bands[0]!];
}

/** Where the viewer starts: the same bands and stretch as the public tiles' default rendering. */
export function defaultDisplay(scene: SceneView): DisplaySettings {
  const bands = defaultBands(scene);
  return { bands, stretch: "p2-p98", ...defaultStretch({ bands, stats: scene.bandStats }) };
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
