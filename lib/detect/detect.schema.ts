// Inputs of change detection and triage. Pure.
import { z } from "zod";
import { CONFIDENCE_LEVELS } from "../annotations/taxonomy";

/** Detection's sensitivity: 0 doubles the automatic threshold, 0.5 keeps it, 1 halves it. */
export const SENSITIVITY = { min: 0, max: 1, default: 0.5 } as const;
/** Longest note a dismissal may carry, in characters. */
export const DISMISS_NOTE_MAX = 1_000;

export const StartDetectionInput = z.object({
  beforeSceneId: z.string({ message: "choose the before scene" }).min(1, "choose the before scene"),
  afterSceneId: z.string({ message: "choose the after scene" }).min(1, "choose the after scene"),
  sensitivity: z
    .number({ message: `sensitivity must be a number between ${SENSITIVITY.min} and ${SENSITIVITY.max}` })
    .min(SENSITIVITY.min, `sensitivity must be between ${SENSITIVITY.min} and ${SENSITIVITY.max}`)
    .max(SENSITIVITY.max, `sensitivity must be between ${SENSITIVITY.min} and ${SENSITIVITY.max}`)
    .default(SENSITIVITY.default),
  /** A UUID the browser chose, so it can watch the job from the first moment. */
  jobId: z.uuid({ message: "a job id must be a UUID" }).optional(),
  /** 1-based bands compared; all the bands both scenes have when left out. */
  bands: z
    .array(z.number({ message: "bands are band numbers" }).int("bands are band numbers").min(1, "band numbers start at 1"), { message: "bands is a list of band numbers" })
    .min(1, "choose at least one band to compare")
    .max(64, "at most 64 bands are compared")
    .refine((b) => new Set(b).size === b.length, "each band once")
    .optional(),
});
export type StartDetectionInput = z.input<typeof StartDetectionInput>;

/** POST /api/sites/:id/detect-series: "Find when" across all the site's ready scenes. */
export const StartSeriesInput = z.object({
  sensitivity: StartDetectionInput.shape.sensitivity,
  jobId: StartDetectionInput.shape.jobId,
});
export type StartSeriesInput = z.input<typeof StartSeriesInput>;

/** GET /api/sites/:id/candidates?before=&after=: the pair (either may be left out). */
export const CandidateListQuery = z.object({
  before: z.string().min(1, "before names a scene").optional(),
  after: z.string().min(1, "after names a scene").optional(),
});

/** Why a candidate is not a change worth recording: kept to learn where detection goes wrong. */
export const DISMISS_REASONS = ["not_a_change", "misregistration", "already_recorded", "out_of_scope", "other"] as const;
export type DismissReason = (typeof DISMISS_REASONS)[number];
export const DISMISS_REASON_LABELS: Record<DismissReason, string> = {
  not_a_change: "not a change (light, season, cloud, shadow, water)",
  misregistration: "the images are not aligned here",
  already_recorded: "already recorded as a change",
  out_of_scope: "a change, but not one we record",
  other: "other",
};

/** A dismissal for this reason must say why in its note. */
export function dismissNeedsNote(reason: DismissReason): boolean {
  return reason === "other";
}

export const DismissCandidateInput = z
  .object({
    reason: z.enum(DISMISS_REASONS, { message: `say why: ${DISMISS_REASONS.join(", ")}` }),
    note: z
      .string()
      .trim()
      .max(DISMISS_NOTE_MAX, `a note is at most ${DISMISS_NOTE_MAX.toLocaleString("en")} characters`)
      .optional(),
  })
  .refine((v) => !dismissNeedsNote(v.reason) || (v.note ?? "").length > 0, { message: "say why in a note when the reason is other", path: ["note"] });
export type DismissCandidateInput = z.input<typeof DismissCandidateInput>;

/** Accepting makes a DRAFT change; what it is can be said now or while editing the draft. */
export const AcceptCandidateInput = z.object({
  changeType: z.string().trim().min(1).max(60).default("other"),
  confidence: z.enum(CONFIDENCE_LEVELS).default("low"),
  description: z.string().trim().max(20_000).optional(),
});
export type AcceptCandidateInput = z.input<typeof AcceptCandidateInput>;

/** How a dismissal's reason is stored ("reason" or "reason: note"). */
export function dismissReasonText(args: { reason: DismissReason; note?: string }): string {
  return args.note ? `${args.reason}: ${args.note}` : args.reason;
}

/** A stored dismissal reason for people: its label, and the note after it. */
export function describeDismissReason(stored: string | null): string {
  if (!stored) return "";
  const [reason, ...note] = stored.split(": ");
  const label = DISMISS_REASON_LABELS[reason as DismissReason] ?? reason;
  return note.length ? `${label}: ${note.join(": ")}` : label;
}
