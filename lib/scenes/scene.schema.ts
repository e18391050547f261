import { z } from "zod";
import { parseIsoDateTime } from "../dates";
import { PublicRenderInput } from "./public-render";

/** An ISO 8601 date or date-time that exists (lib/dates.ts); a bare date means midnight UTC. */
export const IsoDateTime = z
  .string()
  .trim()
  .transform((s, ctx) => {
    const parsed = parseIsoDateTime(s);
    if (!parsed.ok) {
      ctx.addIssue({ code: "custom", message: parsed.problem });
      return z.NEVER;
    }
    return parsed.date;
  });

const optionalNumber = (schema: z.ZodNumber) =>
  z.preprocess((v) => (v === "" || v === null || v === undefined ? undefined : typeof v === "string" ? Number(v) : v), schema.optional());

const booleanish = z.preprocess((v) => v === true || v === "true" || v === "on" || v === "1", z.boolean());

/** Web Mercator zoom levels the public tiles of a scene may reach, and the default cap. */
export const PUBLIC_ZOOM = { min: 0, max: 22, default: 14 } as const;

export const SceneMetadataInput = z.object({
  acquiredAt: IsoDateTime.refine((d) => d.getTime() <= Date.now() + 24 * 3600_000, "the acquisition date is in the future"),
  sensor: z.string().trim().max(200).default(""),
  gsdM: optionalNumber(z.number().positive("ground sample distance must be positive").max(100_000)),
  cloudCoverPct: optionalNumber(z.number().min(0).max(100, "cloud cover is a percentage, 0 to 100")),
  provider: z.string().trim().max(200).default(""),
  license: z.string().trim().min(1, "say the licence (an SPDX id such as CC-BY-4.0, or proprietary)").max(100),
  attribution: z.string().trim().min(1, "give the attribution line the licence requires").max(500),
  publicDisplay: booleanish.default(false),
  publicMaxZoom: optionalNumber(z.number().int().min(PUBLIC_ZOOM.min).max(PUBLIC_ZOOM.max)).transform((z) => z ?? PUBLIC_ZOOM.default),
  synthetic: booleanish.default(false),
  /** The analyst confirms that a scene whose footprint misses the site's belongs to it all the same (lib/scenes/scene-placement.ts). */
  confirmOffSite: booleanish.default(false),
});
export type SceneMetadataInput = z.input<typeof SceneMetadataInput>;

/** What an editor sets of a scene's public tiles (PATCH /api/scenes/:id). */
export const ScenePublicSettingsInput = z
  .object({
    publicDisplay: z.boolean().optional(),
    publicMaxZoom: z.number().int().min(PUBLIC_ZOOM.min).max(PUBLIC_ZOOM.max, `zoom levels go up to ${PUBLIC_ZOOM.max}`).optional(),
    /** null resets to the default rendering. */
    publicRender: PublicRenderInput.nullable().optional(),
  })
  .strict();
export type ScenePublicSettingsInput = z.input<typeof ScenePublicSettingsInput>;
