// /workspace/sites/:slug/edit — the site's details and footprint, and who must publish them
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/page-guard.server";
import { config } from "@/lib/config.server";
import { DomainError } from "@/lib/errors";
import { getSiteEdit } from "@/lib/sites/get-site-edit.server";
import SiteEditForm from "@/components/workspace/SiteEditForm";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Edit site: ${(await params).slug}` };
}

export default async function EditSitePage({ params }: Props) {
  const { slug } = await params;
  const user = await requirePageUser({ returnTo: `/workspace/sites/${slug}/edit`, capability: "site:edit" });
  const view = await getSiteEdit(slug).catch((e: unknown) => {
    if (e instanceof DomainError && e.code === "not_found") notFound();
    throw e;
  });
  return (
    <main>
      <p className="small muted">
        <Link href="/workspace">Sites</Link> / <Link href={`/workspace/sites/${view.site.slug}`}>{view.site.name}</Link>
      </p>
      <h1>Edit the site</h1>
      <SiteEditForm {...view} user={{ id: user.id, name: user.name }} basemap={{ tileUrl: config.basemapUrl, attribution: config.basemapAttribution }} />
    </main>
  );
}
