// The URL of a scene's public tiles. Zod-free and tiny: public pages import it.

/** XYZ URL template of a scene's public tiles in one rendering (site-relative; `{z}/{x}/{y}` filled by the map). */
export function publicTileTemplate({ sceneId, render }: { sceneId: string; render: { key: string } | undefined }): string {
  return `/tiles/${sceneId}/{z}/{x}/{y}.webp${render ? `?r=${render.key}` : ""}`;
}
