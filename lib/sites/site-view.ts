// A site as the workspace and the API show it (signed in). Pure. The public
// reads sites only from release snapshots (lib/publish).
import type { Site } from "@prisma/client";
import type { ChangeView } from "../annotations/change-view";
import type { AreaGeometry, Bbox } from "../geo/area-geometry";
import type { LatestReleaseView } from "../releases/release-snapshot";
import type { SceneView } from "../scenes/scene-view";
import type { ChangeTypeView } from "../settings/settings.schema";

export interface SiteView {
  id: string;
  slug: string;
  name: string;
  kind: string;
  qualifier: string;
  country: string;
  region: string;
  /** Internal description (never published). */
  description: string;
  publicSummary: string;
  methodologyNote: string;
  /** EPSG:4326, RFC 7946 winding. */
  footprint: AreaGeometry;
  /** [west, south, east, north], EPSG:4326. */
  bbox: Bbox;
  /** Geodesic square metres. */
  areaM2: number;
  /** For optimistic edits: PATCH carries it back. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

export function toSiteView(site: Site): SiteView {
  return {
    id: site.id,
    slug: site.slug,
    name: site.name,
    kind: site.kind,
    qualifier: site.qualifier,
    country: site.country,
    region: site.region,
    description: site.description,
    publicSummary: site.publicSummary,
    methodologyNote: site.methodologyNote,
    footprint: JSON.parse(site.footprint) as AreaGeometry,
    bbox: [site.bboxMinLon, site.bboxMinLat, site.bboxMaxLon, site.bboxMaxLat],
    areaM2: site.areaM2,
    version: site.version,
    createdAt: site.createdAt.toISOString(),
    updatedAt: site.updatedAt.toISOString(),
  };
}

/** A site in the workspace list, with counts of its work. */
export interface WorkspaceSiteItem extends SiteView {
  sceneCount: number;
  /** Changes by status. */
  statusCounts: Record<string, number>;
  latestRelease: { number: number; publishedAt: string } | null;
}

/** The analyst viewer of one site: everything it opens with (getSiteWorkspace). */
export interface SiteWorkspaceView {
  site: SiteView;
  /** Oldest first. */
  scenes: SceneView[];
  changes: ChangeView[];
  changeTypes: ChangeTypeView[];
  /** Where changes may lie: the footprint grown by the configured margin (EPSG:4326). */
  allowedArea: AreaGeometry;
  footprintBufferM: number;
  latestRelease: LatestReleaseView | null;
}

/** The site edit form (getSiteEdit): the site and who changed its public text since its last release. */
export interface SiteEditView {
  site: SiteView;
  /** Four eyes: none of them may publish the site's next release (the site's creator until its first release). */
  publicEditors: { id: string; name: string }[];
  latestRelease: LatestReleaseView | null;
}

/** The 409 of a stale site edit (PATCH /api/sites/:id): the site as it is now and who changed its public text since its last release. */
export interface StaleSiteDetails {
  current: SiteView;
  publicEditors?: { id: string; name: string }[];
}
