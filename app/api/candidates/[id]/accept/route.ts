// POST /api/candidates/:id/accept — { changeType?, confidence?, description? }: the candidate becomes a DRAFT change (201 with it)
import { acceptCandidate } from "@/lib/detect/accept-candidate.server";
import { AcceptCandidateInput } from "@/lib/detect/detect.schema";
import { BODY_LIMITS, readOptionalJson, route } from "@/lib/http/route.server";

export const POST = route<{ params: Promise<{ id: string }> }>("annotation:create", async (request, { params }, actor) => {
  // The body may be left out: the draft then gets the defaults (type "other", low confidence).
  const input = AcceptCandidateInput.parse(await readOptionalJson(request, BODY_LIMITS.text));
  const result = await acceptCandidate({ candidateId: (await params).id, input, actor });
  return Response.json(result, { status: 201 });
});
