// What publishing a site's release now would do.
import type { SessionUser } from "../auth/session.server";
import { requireCapability } from "../auth/session.server";
import { db } from "../db.server";
import { changelogSha256, checkRelease } from "./check-release.server";
import { sceneIdsUsedBy, sceneReleaseVerdict, type ReleasePreview, type ReleaseSceneView } from "./release-snapshot";

/**
 * What publishing now would do: the next number, the changelog (and its sha256, to publish exactly that), what the actor may
 * not publish, and every scene of the site with whether the release makes it public and, if not, why.
 */
export async function previewRelease(args: { siteId: string; actor: SessionUser }): Promise<ReleasePreview> {
  requireCapability({ user: args.actor, capability: "release:publish" });
  return db.$transaction(async (tx) => {
    const checks = await checkRelease({ tx, siteId: args.siteId, actor: args.actor, release: { note: "", publishedAt: new Date().toISOString(), publishedBy: args.actor.name } });
    const changelog = checks.snapshot.changelog!;
    // The site's scenes and any other scene a change of the release was drawn on, judged by the rule the snapshot applies.
    const usedSceneIds = sceneIdsUsedBy(checks.snapshot.changes);
    const rows = await tx.scene.findMany({
      where: { OR: [{ sites: { some: { siteId: args.siteId } } }, { id: { in: [...usedSceneIds] } }] },
      select: { id: true, acquiredAt: true, sensor: true, license: true, synthetic: true, status: true, publicDisplay: true },
      orderBy: [{ acquiredAt: "asc" }, { id: "asc" }],
    });
    const scenes: ReleaseSceneView[] = rows.map((s) => ({
      id: s.id,
      acquiredAt: s.acquiredAt.toISOString(),
      sensor: s.sensor,
      license: s.license,
      synthetic: s.synthetic,
      verdict: sceneReleaseVerdict({ scene: s, usedSceneIds }),
    }));
    return {
      number: checks.number,
      scenes,
      changelog,
      changelogSha256: changelogSha256(changelog),
      empty: checks.empty,
      ownApproved: checks.ownApproved,
      ownSiteEdits: checks.ownSiteEdits,
    };
  });
}
