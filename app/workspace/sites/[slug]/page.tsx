// /workspace/sites/:slug — the analyst viewer: scenes, imagery, drawing and the site's changes
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/page-guard.server";
import { hasCapability } from "@/lib/auth/roles";
import { config } from "@/lib/config.server";
import { DomainError } from "@/lib/errors";
import { getSiteWorkspace } from "@/lib/sites/get-site-workspace.server";
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
  const view = await getSiteWorkspace(slug).catch((e: unknown) => {
    if (e instanceof DomainError && e.code === "not_found") notFound();
    throw e;
  });
  return (
    <main>
      {hasCapability({ role: user.role, capability: "site:edit" }) && (
        <p className="small" style={{ float: "right", margin: 0 }}>
          <Link href={`/workspace/sites/${view.site.slug}/edit`}>Edit the site&apos;s details and footprint</Link>
        </p>
      )}
      <SiteWorkspace
        user={user}
        {...view}
        initialChangeId={typeof change === "string" ? change : null}
        basemap={{ tileUrl: config.basemapUrl, attribution: config.basemapAttribution }}
      />
    </main>
  );
}
