// GET /api/public/sites/:slug/stac/items/:itemId.json[?release=n] — one STAC item (scene-… or change-…)
import { DomainError } from "@/lib/errors";
import { publicDocument } from "@/lib/http/public-document.server";
import { publicOrigin, route } from "@/lib/http/route.server";
import { getPublicSite } from "@/lib/publish/public-read.server";
import { releaseQuery } from "@/lib/publish/public-query";
import { stacItem } from "@/lib/publish/public-stac";

export const GET = route<{ params: Promise<{ slug: string; item: string }> }>("public", async (request, { params }) => {
  const { slug, item } = await params;
  const release = releaseQuery(request);
  const { snapshot } = await getPublicSite({ slug, releaseNumber: release });
  const doc = stacItem({ ctx: { snapshot, origin: publicOrigin(request), pinned: release !== undefined }, itemId: item.replace(/\.json$/, "") });
  if (!doc) throw new DomainError("not_found", `release ${snapshot.release.number} of "${slug}" has no item "${item}"`);
  return publicDocument(request, JSON.stringify(doc), { pinned: release !== undefined, headers: { "Content-Type": "application/geo+json" } });
});
