// The two scenes of a site that detection compares.
import { assertDetectionWindow } from "../annotations/check-revision-content.server";
import { db } from "../db.server";
import { DomainError } from "../errors";

/** The site and its two scenes; refused unless they form a detection window of the site (assertDetectionWindow). */
export async function loadDetectionPair(args: { siteId: string; beforeSceneId: string; afterSceneId: string }) {
  const site = await db.site.findUnique({ where: { id: args.siteId } });
  if (!site) throw new DomainError("not_found", "no such site");
  const { before, after } = await assertDetectionWindow(args);
  return { site, before, after };
}
