// /sites/:slug/releases/:n — one release of a site exactly as it was published (citable, never changed)
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { config } from "@/lib/config.server";
import { DomainError } from "@/lib/errors";
import { formatDate } from "@/lib/format";
import { getPublicSite, type PublicSiteView as View } from "@/lib/publish/public-read.server";
import PublicReleaseView from "@/components/public/PublicReleaseView";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string; n: string }> };

async function load(slug: string, n: string): Promise<View> {
  const number = z.coerce.number().int().positive().safeParse(n);
  if (!number.success) notFound();
  try {
    return await getPublicSite(slug, number.data);
  } catch (e) {
    if (e instanceof DomainError && e.code === "not_found") notFound();
    throw e;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, n } = await params;
  const { snapshot } = await load(slug, n);
  const title = `${snapshot.site.name}, release ${snapshot.release.number}`;
  const description = `Release ${snapshot.release.number} of ${formatDate(snapshot.release.publishedAt)}: ${snapshot.release.note}`;
  return { title, description, openGraph: { title, description } };
}

export default async function PublicReleasePage({ params }: Props) {
  const { slug, n } = await params;
  const view = await load(slug, n);
  return <PublicReleaseView view={view} latestNumber={view.history[0]!.number} basemap={{ tileUrl: config.basemapUrl, attribution: config.basemapAttribution }} />;
}
