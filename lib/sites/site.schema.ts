import { z } from "zod";

export const SITE_KINDS = ["settlement", "suspected_detention_facility", "military_base", "camp", "religious_site", "cemetery", "infrastructure", "other"] as const;

export const SITE_QUALIFIERS = ["suspected", "confirmed", "potential"] as const;

export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80);
}

/** A site name's length, in characters. */
export const SITE_NAME = { min: 2, max: 200 } as const;

/** The other text fields' lengths, in characters (the forms' minLength/maxLength). */
export const SITE_TEXT = { country: { min: 2, max: 100 }, region: 200, description: 20_000, publicSummary: 5_000, methodologyNote: 20_000 } as const;

const siteFields = {
  name: z.string().trim().min(SITE_NAME.min, "give the site a name").max(SITE_NAME.max),
  slug: z.string().trim().max(80).regex(SLUG, "a slug is lowercase letters, digits and single hyphens"),
  kind: z.enum(SITE_KINDS, { message: `kind must be one of ${SITE_KINDS.join(", ")}` }),
  qualifier: z.enum(SITE_QUALIFIERS, { message: `qualifier must be one of ${SITE_QUALIFIERS.join(", ")}` }),
  country: z.string().trim().min(SITE_TEXT.country.min, "say which country").max(SITE_TEXT.country.max),
  region: z.string().trim().max(SITE_TEXT.region),
  description: z.string().trim().max(SITE_TEXT.description),
  publicSummary: z.string().trim().max(SITE_TEXT.publicSummary),
  methodologyNote: z.string().trim().max(SITE_TEXT.methodologyNote),
  /** Validated separately with lib/geo so the error names the geometry problem. */
  footprint: z.unknown(),
};

export const CreateSiteInput = z.object({
  ...siteFields,
  slug: siteFields.slug.optional(),
  region: siteFields.region.default(""),
  description: siteFields.description.default(""),
  publicSummary: siteFields.publicSummary.default(""),
  methodologyNote: siteFields.methodologyNote.default(""),
});
export type CreateSiteInput = z.input<typeof CreateSiteInput>;

/** A partial edit: fields left out stay as they are (no defaults here, on purpose). */
export const UpdateSiteInput = z.object(siteFields).partial().extend({
  version: z.number().int().positive(),
});
export type UpdateSiteInput = z.input<typeof UpdateSiteInput>;

export function humanizeKind(kind: string): string {
  return kind.replaceAll("_", " ");
}
