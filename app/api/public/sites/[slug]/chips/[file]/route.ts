// GET /api/public/sites/:slug/chips/:sha256.png[?release=n] — an image chip of a published claim (its outline over one scene), where the scene's licence allows display
import { getPublicChip } from "@/lib/evidence/get-public-chip.server";
import { DomainError } from "@/lib/errors";
import { CACHE_IMMUTABLE, etagMatches } from "@/lib/http/cache-control";
import { route } from "@/lib/http/route.server";
import { releaseQuery } from "@/lib/publish/public-query";

export const GET = route<{ params: Promise<{ slug: string; file: string }> }>("public", async (request, { params }) => {
  const { slug, file } = await params;
  const sha256 = /^([0-9a-f]{64})\.png$/.exec(file)?.[1];
  if (!sha256) throw new DomainError("not_found", "no image chip with that address");
  // Content-addressed: the bytes at this address never change.
  const headers = { ETag: `"${sha256}"`, "Cache-Control": CACHE_IMMUTABLE };
  const png = await getPublicChip({ slug, releaseNumber: releaseQuery(request), sha256 });
  if (etagMatches(request.headers.get("if-none-match"), headers.ETag)) return new Response(null, { status: 304, headers });
  return new Response(Buffer.from(png), { headers: { ...headers, "Content-Type": "image/png", "x-sitewatch-content-length": String(png.length) } });
});
