// /sites/:slug/releases/:n — one release of a site exactly as it was published (citable, never changed);
// the same view parameters as /sites/:slug.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { config } from "@/lib/config.server";
import { DomainError } from "@/lib/errors";
import { pageOrigin } from "@/lib/http/route.server";
import { getPublicSite } from "@/lib/publish/public-read.server";
import type { PublicSiteView as View } from "@/lib/publish/public-views";
import { siteMetadata } from "@/lib/publish/page-metadata";
import { parseTimelineParams } from "@/lib/publish/timeline-params";
import PublicReleaseView from "@/components/public/PublicReleaseView";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string; n: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

async function load(slug: string, n: string): Promise<View> {
  const number = z.coerce.number().int().positive().safeParse(n);
  if (!number.success) notFound();
  try {
    return await getPublicSite({ slug, releaseNumber: number.data });
  } catch (e) {
    if (e instanceof DomainError && e.code === "not_found") notFound();
    throw e;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, n } = await params;
  return siteMetadata({ view: await load(slug, n), origin: await pageOrigin(), pinned: true });
}

export default async function PublicReleasePage({ params, searchParams }: Props) {
  const { slug, n } = await params;
  const view = await load(slug, n);
  const { initial, embed } = parseTimelineParams(await searchParams);
  return (
    <PublicReleaseView
      view={view}
      pinned
      origin={await pageOrigin()}
      initial={initial}
      embed={embed}
      basemap={{ tileUrl: config.basemapUrl, attribution: config.basemapAttribution }}
    />
  );
}
