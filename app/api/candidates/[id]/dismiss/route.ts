// POST /api/candidates/:id/dismiss — { reason, note? }: the candidate is not a change worth recording
import { requireCapability } from "@/lib/auth/session.server";
import { dismissCandidate } from "@/lib/detect/detect.server";
import { DismissCandidateInput } from "@/lib/detect/detect.schema";
import { getRequestUser, readJson, route } from "@/lib/http/route.server";

export const POST = route<{ params: Promise<{ id: string }> }>(async (request, { params }) => {
  const actor = requireCapability(await getRequestUser(), "annotation:create");
  const input = DismissCandidateInput.parse(await readJson(request));
  return Response.json({ candidate: await dismissCandidate({ candidateId: (await params).id, input, actor }) });
});
