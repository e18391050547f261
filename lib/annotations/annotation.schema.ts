import { z } from "zod";
import { IsoDateTime } from "../scenes/scene.schema";
import { CONFIDENCE_LEVELS, DAMAGE_GRADES } from "./taxonomy";

const httpUrl = z
  .string()
  .trim()
  .url("a source needs a full URL (https://…)")
  .refine((u) => /^https?:\/\//i.test(u), "only http and https links");

export const SourceInput = z.object({
  url: httpUrl,
  title: z.string().trim().min(1, "give the source a title").max(500),
  archiveUrl: z.preprocess((v) => (v === "" ? undefined : v), httpUrl.optional()),
  // Parsed twice on the way in (the route, then lib/): a date already parsed passes again.
  accessedAt: z.preprocess((v) => (v === "" ? undefined : v instanceof Date ? v.toISOString() : v), IsoDateTime.optional()),
  withheld: z.boolean().default(false),
});
export type SourceInput = z.input<typeof SourceInput>;

/** A working tag: lowercase words, digits, spaces, hyphens and underscores. */
export const Tag = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(40, "a tag is at most 40 characters")
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} _-]*$/u, "a tag is letters, digits, spaces, hyphens or underscores");

const Tags = z
  .array(Tag)
  .max(20, "at most 20 tags")
  .transform((tags) => [...new Set(tags)]);

/** "damaged, Night imagery" → ["damaged", "night imagery"] (what a person types in one field). */
export function parseTagList(text: string): string[] {
  return text
    .split(",")
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
}

const annotationFields = {
  /** Validated with the change geometry rules so the error names the problem and where it is. */
  geometry: z.unknown(),
  /** A key of the taxonomy (ChangeTypeDef); checked against it on the server. */
  changeType: z.string({ message: "choose a change type" }).trim().min(1, "choose a change type").max(60),
  damageGrade: z
    .enum(DAMAGE_GRADES, { message: `damage grade must be one of ${DAMAGE_GRADES.join(", ")}` })
    .nullable()
    .optional(),
  confidence: z.enum(CONFIDENCE_LEVELS, { message: "choose a confidence level" }),
  beforeSceneId: z.string().min(1, "choose the before scene"),
  afterSceneId: z.string().min(1, "choose the after scene"),
  description: z.string().trim().min(1, "describe what changed").max(20_000),
  sources: z.array(SourceInput).max(50),
  tags: Tags,
};

export const CreateAnnotationInput = z.object({ ...annotationFields, sources: annotationFields.sources.default([]), tags: annotationFields.tags.default([]) });
export type CreateAnnotationInput = z.input<typeof CreateAnnotationInput>;

/** A partial edit: fields left out (sources included) stay as they are. */
export const UpdateAnnotationInput = z
  .object(annotationFields)
  .partial()
  .extend({
    version: z.number({ message: "say which version of the change you edited (version)" }).int().positive(),
    /** Why this revision: kept with its history (the edit event's comment). */
    comment: z.string().trim().max(5_000).optional(),
  });
export type UpdateAnnotationInput = z.input<typeof UpdateAnnotationInput>;

export const TransitionInput = z.object({
  to: z.enum(["DRAFT", "SUBMITTED", "CHANGES_REQUESTED", "APPROVED", "REJECTED", "PUBLISHED", "RETRACTED"]),
  comment: z.string().trim().max(5_000).optional(),
  version: z.number({ message: "say which version of the change you moved (version)" }).int().positive(),
});
export type TransitionInput = z.input<typeof TransitionInput>;

export const CreateCommentInput = z.object({
  body: z.string({ message: "write a comment" }).trim().min(1, "write a comment").max(10_000, "a comment is at most 10,000 characters"),
  parentId: z.string().min(1).optional(),
});
export type CreateCommentInput = z.input<typeof CreateCommentInput>;
