// POST /api/candidates/:id/dismiss — { reason, note? }: the candidate is not a change worth recording
import { dismissCandidate } from "@/lib/detect/dismiss-candidate.server";
import { DismissCandidateInput } from "@/lib/detect/detect.schema";
import { readJson, route } from "@/lib/http/route.server";

export const POST = route<{ params: Promise<{ id: string }> }>("annotation:create", async (request, { params }, actor) => {
  const input = DismissCandidateInput.parse(await readJson(request));
  return Response.json({ candidate: await dismissCandidate({ candidateId: (await params).id, input, actor }) });
});
