// Input of publishing a release. Pure.
import { z } from "zod";

/** A release note's length, in characters. */
export const RELEASE_NOTE = { min: 3, max: 5_000 } as const;

export const PublishReleaseInput = z.object({
  note: z.string({ message: "write a release note" }).trim().min(RELEASE_NOTE.min, "write a release note: what is new in this release").max(RELEASE_NOTE.max),
  /** The changelog the editor was shown (its sha256, from the preview): publishing refuses if the release would now contain anything else. */
  expectedChangelogSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, "expectedChangelogSha256 is a sha256 in hex")
    .optional(),
});
export type PublishReleaseInput = z.input<typeof PublishReleaseInput>;
