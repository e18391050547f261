// The workspace's list of sites.
import { db } from "../db.server";
import { toSiteView, type WorkspaceSiteItem } from "./site-view";

/** Sites for the workspace list, with counts of their work in each state. */
export async function listWorkspaceSites(): Promise<WorkspaceSiteItem[]> {
  const sites = await db.site.findMany({
    orderBy: { updatedAt: "desc" },
    include: {
      _count: { select: { scenes: true } },
      annotations: { select: { status: true } },
      releases: { select: { number: true, publishedAt: true }, orderBy: { number: "desc" }, take: 1 },
    },
  });
  return sites.map(({ annotations, releases, _count, ...site }) => ({
    ...toSiteView(site),
    sceneCount: _count.scenes,
    statusCounts: annotations.reduce<Record<string, number>>((acc, a) => ({ ...acc, [a.status]: (acc[a.status] ?? 0) + 1 }), {}),
    latestRelease: releases[0] ? { number: releases[0].number, publishedAt: releases[0].publishedAt.toISOString() } : null,
  }));
}
