// /sites/:slug — the public timeline of one site, read from its latest release snapshot only.
// ?date=, ?compare=, ?lon=&lat=&z= restore a view; ?embed=1 renders it for an iframe.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { config } from "@/lib/config.server";
import { DomainError } from "@/lib/errors";
import { pageOrigin } from "@/lib/http/route.server";
import { getPublicSite } from "@/lib/publish/public-read.server";
import type { PublicSiteView as View } from "@/lib/publish/public-views";
import { siteMetadata } from "@/lib/publish/page-metadata";
import { parseTimelineParams } from "@/lib/publish/timeline-params";
import PublicReleaseView from "@/components/public/PublicReleaseView";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

async function load(slug: string): Promise<View> {
  try {
    return await getPublicSite({ slug });
  } catch (e) {
    if (e instanceof DomainError && e.code === "not_found") notFound();
    throw e;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const view = await load((await params).slug);
  return siteMetadata({ view, origin: await pageOrigin(), pinned: false });
}

export default async function PublicSitePage({ params, searchParams }: Props) {
  const view = await load((await params).slug);
  const { initial, embed } = parseTimelineParams(await searchParams);
  return (
    <PublicReleaseView
      view={view}
      pinned={false}
      origin={await pageOrigin()}
      initial={initial}
      embed={embed}
      basemap={{ tileUrl: config.basemapUrl, attribution: config.basemapAttribution }}
    />
  );
}
