// /workspace/sites/:slug — the analyst viewer: scenes, imagery, drawing and the site's changes
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { listChangeViewsForSite } from "@/lib/annotations/list-annotations.server";
import { toSceneView } from "@/lib/scenes/scene-view";
import { requirePageUser } from "@/lib/auth/page-guard.server";
import { config } from "@/lib/config.server";
import { db } from "@/lib/db.server";
import { growArea } from "@/lib/geo/grow-area";
import { toSiteView } from "@/lib/sites/site-view";
import { listScenesForSite } from "@/lib/scenes/ingest-scene.server";
import { getFootprintBufferM, listChangeTypes } from "@/lib/settings/settings.server";
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
  const row = await db.site.findUnique({ where: { slug } });
  if (!row) notFound();
  const site = toSiteView(row);
  const [scenes, changes, latestRelease, changeTypes, footprintBufferM] = await Promise.all([
    listScenesForSite(site.id),
    listChangeViewsForSite(site.id),
    db.release.findFirst({ where: { siteId: site.id }, orderBy: { number: "desc" }, select: { number: true, publishedAt: true, note: true } }),
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
        allowedArea={growArea({ geometry: site.footprint, marginM: footprintBufferM })}
        footprintBufferM={footprintBufferM}
        initialChangeId={typeof change === "string" ? change : null}
        latestRelease={latestRelease ? { number: latestRelease.number, publishedAt: latestRelease.publishedAt.toISOString(), note: latestRelease.note } : null}
        basemap={{ tileUrl: config.basemapUrl, attribution: config.basemapAttribution }}
      />
    </main>
  );
}
