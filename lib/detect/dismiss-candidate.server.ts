// Dismissing a candidate, with a reason kept to learn where detection goes wrong.
import type { SessionUser } from "../auth/session.server";
import { db } from "../db.server";
import { DismissCandidateInput, dismissReasonText } from "./detect.schema";
import { toCandidateView, type CandidateView } from "./detect-views";
import { alreadyDecidedError, getCandidateOrThrow } from "./get-candidate.server";

export async function dismissCandidate(args: { candidateId: string; input: DismissCandidateInput; actor: SessionUser }): Promise<CandidateView> {
  const input = DismissCandidateInput.parse(args.input);
  const c = await getCandidateOrThrow(args.candidateId);
  const claimed = await db.changeCandidate.updateMany({
    where: { id: c.id, status: "UNDECIDED" },
    data: { status: "DISMISSED", dismissReason: dismissReasonText({ reason: input.reason, note: input.note }), decidedById: args.actor.id, decidedAt: new Date() },
  });
  if (claimed.count === 0) throw alreadyDecidedError((await db.changeCandidate.findUnique({ where: { id: c.id } })) ?? c);
  const row = await db.changeCandidate.findUnique({ where: { id: c.id }, include: { decidedBy: { select: { name: true } } } });
  return toCandidateView(row!);
}
