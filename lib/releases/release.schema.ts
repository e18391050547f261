// Input of publishing a release. Pure.
import { z } from "zod";

export const PublishReleaseInput = z.object({
  note: z.string({ message: "write a release note" }).trim().min(3, "write a release note: what is new in this release").max(5_000),
  /** The changelog the editor was shown (its sha256, from the preview): publishing refuses if the release would now contain anything else. */
  expectedChangelogSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, "expectedChangelogSha256 is a sha256 in hex")
    .optional(),
});
export type PublishReleaseInput = z.input<typeof PublishReleaseInput>;
