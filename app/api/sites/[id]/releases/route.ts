// POST /api/sites/:id/releases — { note }: publish the site's approved changes as a new numbered release
import { readJson, route } from "@/lib/http/route.server";
import { publishRelease } from "@/lib/releases/publish-release.server";
import { PublishReleaseInput } from "@/lib/releases/release.schema";
import { toPublishedReleaseView } from "@/lib/releases/release-snapshot";

export const POST = route<{ params: Promise<{ id: string }> }>("release:publish", async (request, { params }, actor) => {
  const input = PublishReleaseInput.parse(await readJson(request));
  const release = await publishRelease({ siteId: (await params).id, input, actor });
  return Response.json({ release: toPublishedReleaseView(release) }, { status: 201 });
});
