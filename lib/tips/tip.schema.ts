// Inputs of the tip form and of an editor's status change. Pure.
import { z } from "zod";
import { TIP_LIMITS, TIP_STATUSES } from "./tip-rules";

const optionalText = (max: number, what: string) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.string().trim().max(max, `${what} can be at most ${max} characters`).optional());

export const TipInput = z.object({
  message: z
    .string({ message: "write your tip in the message" })
    .trim()
    .min(TIP_LIMITS.bodyMin, `the message needs at least ${TIP_LIMITS.bodyMin} characters`)
    .max(TIP_LIMITS.bodyMax, `the message can be at most ${TIP_LIMITS.bodyMax} characters`),
  contact: optionalText(TIP_LIMITS.contactMax, "the contact"),
  link: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z
      .string()
      .trim()
      .max(TIP_LIMITS.linkMax, `the link can be at most ${TIP_LIMITS.linkMax.toLocaleString("en")} characters`)
      .url("the link must be a full web address, starting with https://")
      .refine((u) => /^https?:\/\//i.test(u), "the link must start with http:// or https://")
      .optional(),
  ),
  site: optionalText(TIP_LIMITS.siteMax, "the site"),
  /** The honeypot: a field hidden from people; software that fills every field fills it. */
  website: z.string().optional(),
});
export type TipInput = z.input<typeof TipInput>;

export const TipStatusInput = z.object({ status: z.enum(TIP_STATUSES, { message: `status is one of ${TIP_STATUSES.join(", ")}` }) });
