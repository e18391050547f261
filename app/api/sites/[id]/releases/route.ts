// POST /api/sites/:id/releases — { note }: publish the site's approved changes as a new numbered release
import { requireCapability } from "@/lib/auth/session.server";
import { getRequestUser, readJson, route } from "@/lib/http/route.server";
import { publishRelease, PublishReleaseInput } from "@/lib/releases/publish-release.server";

export const POST = route<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const actor = requireCapability(await getRequestUser(), "release:publish");
  const input = PublishReleaseInput.parse(await readJson(request));
  const release = await publishRelease({ siteId: (await params).id, input, actor });
  const { snapshot: _s, ...summary } = release;
  return Response.json({ release: summary }, { status: 201 });
});
