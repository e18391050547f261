// What admins may set: the change-type taxonomy and the margin a change may
// reach beyond its site's footprint. Pure (zod only).
import { z } from "zod";
import { slugify } from "../sites/site.schema";

/** Metres a change may reach beyond the site footprint unless an admin sets otherwise. */
export const DEFAULT_FOOTPRINT_BUFFER_M = 100;
export const MAX_FOOTPRINT_BUFFER_M = 50_000;

export const CHANGE_TYPE_KEY = /^[a-z][a-z0-9_]{1,58}$/;

/** A type's key from its label: "New checkpoint" → "new_checkpoint". */
export function changeTypeKeyOf(label: string): string {
  return slugify(label).replaceAll("-", "_").replace(/^(\d)/, "t_$1").slice(0, 59);
}

/** A change type's label length, in characters. */
export const CHANGE_TYPE_LABEL = { min: 2, max: 80 } as const;

const label = z.string().trim().min(CHANGE_TYPE_LABEL.min, "give the type a label of at least two characters").max(CHANGE_TYPE_LABEL.max);
const description = z.string().trim().max(500);

export const CreateChangeTypeInput = z.object({
  label,
  key: z.string().trim().regex(CHANGE_TYPE_KEY, "a key is lowercase letters, digits and underscores, starting with a letter").optional(),
  description: description.default(""),
  damageGradeApplies: z.boolean().default(false),
});
export type CreateChangeTypeInput = z.input<typeof CreateChangeTypeInput>;

/** The key never changes: revisions and releases refer to it. */
export const UpdateChangeTypeInput = z.object({
  label: label.optional(),
  description: description.optional(),
  damageGradeApplies: z.boolean().optional(),
  /** false retires the type: existing changes keep it, new work cannot choose it. */
  active: z.boolean().optional(),
  sortOrder: z.number().int().min(0).max(100_000).optional(),
});
export type UpdateChangeTypeInput = z.input<typeof UpdateChangeTypeInput>;

export const UpdateSettingsInput = z.object({
  footprintBufferM: z
    .number({ message: "the margin is a number of metres" })
    .min(0, "the margin cannot be negative")
    .max(MAX_FOOTPRINT_BUFFER_M, `the margin is at most ${MAX_FOOTPRINT_BUFFER_M} m`),
});
export type UpdateSettingsInput = z.input<typeof UpdateSettingsInput>;

/** A change type as the forms and pages see it. */
export interface ChangeTypeView {
  key: string;
  label: string;
  description: string;
  damageGradeApplies: boolean;
  active: boolean;
  sortOrder: number;
}

/** A change type as pages and the API show it (named fields: a new column does not reach the API by itself). */
export function toChangeTypeView(t: ChangeTypeView): ChangeTypeView {
  return { key: t.key, label: t.label, description: t.description, damageGradeApplies: t.damageGradeApplies, active: t.active, sortOrder: t.sortOrder };
}

/** Where the footprint margin is stored (AppSetting key). */
export const FOOTPRINT_BUFFER_KEY = "footprintBufferM";
