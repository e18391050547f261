// How the public tiles render a scene: which bands, and the contrast stretch
// of each. An editor sets it for the public; until then it is the default the
// analyst viewer also starts from (bands by band count, 2–98 % of the stored
// statistics). Frozen into every release with a short key, so a tile URL
// names exactly one rendering and can be cached for ever. Pure.
import { z } from "zod";

export interface BandStatsLike {
  min: number;
  max: number;
  p2: number;
  p98: number;
}

export const PublicRenderInput = z
  .object({
    bands: z.array(z.number().int().min(1, "band numbers start at 1")).refine((b) => b.length === 1 || b.length === 3, "choose one band (grey) or three (red, green, blue)"),
    stretch: z.array(z.object({ min: z.number().finite(), max: z.number().finite() }).refine((s) => s.max > s.min, "each stretch needs max above min")),
  })
  .refine((r) => r.stretch.length === r.bands.length, "give one stretch range per band");
export type PublicRenderInput = z.infer<typeof PublicRenderInput>;

export interface PublicRender extends PublicRenderInput {
  /** 12 hex characters naming this rendering (tile URLs and the tile cache use it). */
  key: string;
}

/** Landsat-like multispectral files keep blue, green, red in bands 1–3; plain RGB files in 1–3 in that order. */
export function defaultBandsFor(bandCount: number): number[] {
  if (bandCount >= 6) return [3, 2, 1];
  if (bandCount >= 3) return [1, 2, 3];
  return [1];
}

/**
 * The default contrast stretch of the bands shown: one range from the lowest 2nd to the highest 98th percentile
 * of their stored statistics (one range keeps their colour balance), 0–255 when there are none.
 */
export function defaultStretch(args: { bands: readonly number[]; stats: readonly BandStatsLike[] }): { min: number; max: number } {
  const shown = args.bands.map((b) => args.stats[b - 1]).filter((s): s is BandStatsLike => s !== undefined);
  const min = shown.length ? Math.min(...shown.map((s) => s.p2)) : 0;
  const max = shown.length ? Math.max(...shown.map((s) => s.p98)) : 255;
  return { min, max: max > min ? max : min + 1 };
}

/** Two FNV-1a 32-bit hashes with different seeds: stable, dependency-free, enough to tell renderings apart. */
function shortHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x01000193 + 2) >>> 0;
  }
  return (a.toString(16).padStart(8, "0") + b.toString(16).padStart(8, "0")).slice(0, 12);
}

export function withKey(r: PublicRenderInput): PublicRender {
  const bands = [...r.bands];
  const stretch = r.stretch.map((s) => ({ min: s.min, max: s.max }));
  return { bands, stretch, key: shortHash(JSON.stringify({ bands, stretch })) };
}

/** The scene's public rendering: the editor's choice if set and valid for its bands, otherwise the default. */
export function resolvePublicRender(scene: { publicRender: string; bandCount: number; bandStats: BandStatsLike[] | string }): PublicRender {
  if (scene.publicRender) {
    const parsed = PublicRenderInput.safeParse(JSON.parse(scene.publicRender));
    if (parsed.success && parsed.data.bands.every((b) => b <= scene.bandCount)) return withKey(parsed.data);
  }
  const stats: BandStatsLike[] = typeof scene.bandStats === "string" ? JSON.parse(scene.bandStats) : scene.bandStats;
  const bands = defaultBandsFor(scene.bandCount);
  const range = defaultStretch({ bands, stats });
  return withKey({ bands, stretch: bands.map(() => range) });
}
