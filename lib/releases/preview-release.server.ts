// What publishing a site's release now would do.
import type { SessionUser } from "../auth/session.server";
import { requireCapability } from "../auth/session.server";
import { db } from "../db.server";
import { changelogSha256, checkRelease } from "./check-release.server";
import type { ReleasePreview } from "./release-snapshot";

/** What publishing now would do: the next number, the changelog (and its sha256, to publish exactly that), and what the actor may not publish. */
export async function previewRelease(args: { siteId: string; actor: SessionUser }): Promise<ReleasePreview> {
  requireCapability({ user: args.actor, capability: "release:publish" });
  return db.$transaction(async (tx) => {
    const checks = await checkRelease({ tx, siteId: args.siteId, actor: args.actor, release: { note: "", publishedAt: new Date().toISOString(), publishedBy: args.actor.name } });
    const changelog = checks.snapshot.changelog!;
    return {
      number: checks.number,
      changelog,
      changelogSha256: changelogSha256(changelog),
      empty: checks.empty,
      ownApproved: checks.ownApproved,
      ownSiteEdits: checks.ownSiteEdits,
    };
  });
}
