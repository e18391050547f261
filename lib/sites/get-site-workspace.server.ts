// Everything the analyst viewer of one site needs, read at once.
import { allowedAreaOf } from "../annotations/change-geometry-rules";
import { listChangeViewsForSite } from "../annotations/list-annotations.server";
import { getLatestRelease } from "../releases/get-latest-release.server";
import { listScenesForSite } from "../scenes/get-scene.server";
import { toSceneView } from "../scenes/scene-view";
import { getFootprintBufferM } from "../settings/get-footprint-buffer.server";
import { listChangeTypes } from "../settings/list-change-types.server";
import { getSiteBySlugOrThrow } from "./get-site.server";
import { toSiteView, type SiteWorkspaceView } from "./site-view";

/** The site by its slug (not_found otherwise), its scenes, changes, the taxonomy, the margin and its latest release. */
export async function getSiteWorkspace(slug: string): Promise<SiteWorkspaceView> {
  const site = toSiteView(await getSiteBySlugOrThrow(slug));
  const [scenes, changes, latestRelease, changeTypes, footprintBufferM] = await Promise.all([
    listScenesForSite(site.id),
    listChangeViewsForSite(site.id),
    getLatestRelease(site.id),
    listChangeTypes(),
    getFootprintBufferM(),
  ]);
  return {
    site,
    scenes: scenes.map(toSceneView),
    changes,
    changeTypes,
    allowedArea: allowedAreaOf({ footprint: site.footprint, footprintBufferM }),
    footprintBufferM,
    latestRelease,
  };
}
