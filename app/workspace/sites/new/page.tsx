import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page-guard.server";
import { config } from "@/lib/config.server";
import NewSiteForm from "@/components/workspace/NewSiteForm";

export const metadata: Metadata = { title: "New site" };
export const dynamic = "force-dynamic";

export default async function NewSitePage() {
  await requirePageUser({ returnTo: "/workspace/sites/new", capability: "site:create" });
  return (
    <main>
      <h1>New site</h1>
      <NewSiteForm basemap={{ tileUrl: config.basemapUrl, attribution: config.basemapAttribution }} />
    </main>
  );
}
