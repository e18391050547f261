// /sites/:slug — the public page of one site, read from its latest release snapshot only
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { config } from "@/lib/config.server";
import { DomainError } from "@/lib/errors";
import { getPublicSite, type PublicSiteView as View } from "@/lib/publish/public-read.server";
import PublicReleaseView from "@/components/public/PublicReleaseView";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }> };

async function load(slug: string): Promise<View> {
  try {
    return await getPublicSite(slug);
  } catch (e) {
    if (e instanceof DomainError && e.code === "not_found") notFound();
    throw e;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { snapshot } = await load((await params).slug);
  const description = snapshot.site.publicSummary || `${snapshot.changes.length} published changes at ${snapshot.site.name}`;
  return { title: snapshot.site.name, description, openGraph: { title: snapshot.site.name, description } };
}

export default async function PublicSitePage({ params }: Props) {
  const view = await load((await params).slug);
  return <PublicReleaseView view={view} latestNumber={view.snapshot.release.number} basemap={{ tileUrl: config.basemapUrl, attribution: config.basemapAttribution }} />;
}
