import { z } from "zod";

/** How long a change has waited for review, at least. */
export const QUEUE_AGES = { "1d": 1, "3d": 3, "7d": 7, "30d": 30 } as const;

/** Filters of the review queue, as they appear in its URL (empty means any). */
export const ReviewQueueFilters = z.object({
  site: z
    .string()
    .trim()
    .max(80)
    .optional()
    .transform((v) => v || undefined),
  type: z
    .string()
    .trim()
    .max(60)
    .optional()
    .transform((v) => v || undefined),
  analyst: z
    .string()
    .trim()
    .max(60)
    .optional()
    .transform((v) => v || undefined),
  age: z
    .enum(Object.keys(QUEUE_AGES) as [keyof typeof QUEUE_AGES, ...(keyof typeof QUEUE_AGES)[]], { message: "age is one of 1d, 3d, 7d, 30d" })
    .optional()
    .or(z.literal("").transform(() => undefined)),
});
export type ReviewQueueFilters = z.output<typeof ReviewQueueFilters>;
