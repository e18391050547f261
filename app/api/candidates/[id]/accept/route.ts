// POST /api/candidates/:id/accept — { changeType?, confidence?, description? }: the candidate becomes a DRAFT change (201 with it)
import { acceptCandidate } from "@/lib/detect/accept-candidate.server";
import { AcceptCandidateInput } from "@/lib/detect/detect.schema";
import { DomainError } from "@/lib/errors";
import { route } from "@/lib/http/route.server";

export const POST = route<{ params: Promise<{ id: string }> }>("annotation:create", async (request, { params }, actor) => {
  // The body may be left out: the draft then gets the defaults (type "other", low confidence).
  const text = await request.text();
  let body: unknown = {};
  if (text.trim()) {
    try {
      body = JSON.parse(text);
    } catch {
      throw new DomainError("bad_input", "the request body is not valid JSON");
    }
  }
  const input = AcceptCandidateInput.parse(body);
  const result = await acceptCandidate({ candidateId: (await params).id, input, actor });
  return Response.json(result, { status: 201 });
});
