import { z } from "zod";
import { IsoDateTime } from "../scenes/scene.schema";
import { CHANGE_TYPES, CONFIDENCE_LEVELS, DAMAGE_GRADES } from "./taxonomy";

const httpUrl = z
  .string()
  .trim()
  .url("a source needs a full URL (https://…)")
  .refine((u) => /^https?:\/\//i.test(u), "only http and https links");

export const SourceInput = z.object({
  url: httpUrl,
  title: z.string().trim().min(1, "give the source a title").max(500),
  archiveUrl: z.preprocess((v) => (v === "" ? undefined : v), httpUrl.optional()),
  accessedAt: z.preprocess((v) => (v === "" ? undefined : v), IsoDateTime.optional()),
  withheld: z.boolean().default(false),
});
export type SourceInput = z.input<typeof SourceInput>;

const annotationFields = {
  /** Validated with lib/geo so the error names the geometry problem. */
  geometry: z.unknown(),
  changeType: z.enum(CHANGE_TYPES, { message: "choose a change type" }),
  damageGrade: z.enum(DAMAGE_GRADES).nullable().optional(),
  confidence: z.enum(CONFIDENCE_LEVELS, { message: "choose a confidence level" }),
  beforeSceneId: z.string().min(1, "choose the before scene"),
  afterSceneId: z.string().min(1, "choose the after scene"),
  description: z.string().trim().min(1, "describe what changed").max(20_000),
  sources: z.array(SourceInput).max(50),
};

export const CreateAnnotationInput = z.object({ ...annotationFields, sources: annotationFields.sources.default([]) });
export type CreateAnnotationInput = z.input<typeof CreateAnnotationInput>;

/** A partial edit: fields left out (sources included) stay as they are. */
export const UpdateAnnotationInput = z.object(annotationFields).partial().extend({
  version: z.number().int().positive(),
});
export type UpdateAnnotationInput = z.input<typeof UpdateAnnotationInput>;

export const TransitionInput = z.object({
  to: z.enum(["DRAFT", "SUBMITTED", "CHANGES_REQUESTED", "APPROVED", "REJECTED", "PUBLISHED", "RETRACTED"]),
  comment: z.string().trim().max(5_000).optional(),
  version: z.number().int().positive(),
});
export type TransitionInput = z.input<typeof TransitionInput>;
