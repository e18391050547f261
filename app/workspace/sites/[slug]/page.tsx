// /workspace/sites/:slug — the analyst viewer: scenes, imagery, drawing and the site's changes
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { listChangeViewsForSite } from "@/lib/annotations/list-annotations.server";
import { toSceneView } from "@/lib/scenes/scene-view";
import { requirePageUser } from "@/lib/auth/page-guard.server";
import { config } from "@/lib/config.server";
import { allowedAreaOf } from "@/lib/annotations/change-geometry-rules";
import { DomainError } from "@/lib/errors";
import { getLatestRelease } from "@/lib/releases/get-latest-release.server";
import { getSiteBySlugOrThrow } from "@/lib/sites/get-site.server";
import { toSiteView } from "@/lib/sites/site-view";
import { listScenesForSite } from "@/lib/scenes/get-scene.server";
import { getFootprintBufferM } from "@/lib/settings/get-footprint-buffer.server";
import { listChangeTypes } from "@/lib/settings/list-change-types.server";
import SiteWorkspace from "@/components/workspace/SiteWorkspace";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ change?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Workspace: ${(await params).slug}` };
}

export default async function WorkspaceSitePage({ params, searchParams }: Props) {
  const { slug } = await params;
  const { change } = await searchParams;
  const user = await requirePageUser({ returnTo: `/workspace/sites/${slug}` });
  const row = await getSiteBySlugOrThrow(slug).catch((e: unknown) => {
    if (e instanceof DomainError && e.code === "not_found") notFound();
    throw e;
  });
  const site = toSiteView(row);
  const [scenes, changes, latestRelease, changeTypes, footprintBufferM] = await Promise.all([
    listScenesForSite(site.id),
    listChangeViewsForSite(site.id),
    getLatestRelease(site.id),
    listChangeTypes(),
    getFootprintBufferM(),
  ]);
  return (
    <main>
      <SiteWorkspace
        user={user}
        site={site}
        scenes={scenes.map(toSceneView)}
        changes={changes}
        changeTypes={changeTypes}
        allowedArea={allowedAreaOf({ footprint: site.footprint, footprintBufferM })}
        footprintBufferM={footprintBufferM}
        initialChangeId={typeof change === "string" ? change : null}
        latestRelease={latestRelease}
        basemap={{ tileUrl: config.basemapUrl, attribution: config.basemapAttribution }}
      />
    </main>
  );
}
