// What the site edit form opens with: the site, who changed its public text
// since its last release (four eyes: none of them may publish the next one),
// and that release.
import type { Site } from "@prisma/client";
import { db } from "../db.server";
import { getLatestRelease } from "../releases/get-latest-release.server";
import { getSiteBySlugOrThrow } from "./get-site.server";
import { toSiteView, type SiteEditView } from "./site-view";

/** The people (id and name) in the site's publicEditorIds, in the order they first changed its public text. */
export async function listPublicEditors(site: Pick<Site, "publicEditorIds">): Promise<{ id: string; name: string }[]> {
  const ids = JSON.parse(site.publicEditorIds) as string[];
  const users = await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  return ids.flatMap((id) => users.filter((u) => u.id === id));
}

export async function getSiteEdit(slug: string): Promise<SiteEditView> {
  const site = await getSiteBySlugOrThrow(slug);
  const [publicEditors, latestRelease] = await Promise.all([listPublicEditors(site), getLatestRelease(site.id)]);
  return { site: toSiteView(site), publicEditors, latestRelease };
}
