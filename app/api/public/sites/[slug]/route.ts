// GET /api/public/sites/:slug — latest release of one site (or ?release=n): site, scenes' public metadata, changes, history
import { z } from "zod";
import { route } from "@/lib/http/route.server";
import { getPublicSite } from "@/lib/publish/public-read.server";

const Query = z.object({ release: z.coerce.number().int().positive().optional() });

export const GET = route<{ params: Promise<{ slug: string }> }>(async (request, { params }) => {
  const { release } = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const view = await getPublicSite((await params).slug, release);
  return Response.json(view, { headers: { "Cache-Control": "public, max-age=60" } });
});
