// Accepting a candidate: a DRAFT change with its outline and the pair as
// detection window, in the same transaction as the decision.
import type { SessionUser } from "../auth/session.server";
import { createAnnotationInTx } from "../annotations/create-annotation.server";
import { getAnnotationOrThrow, viewOfChange } from "../annotations/get-annotation.server";
import { db } from "../db.server";
import { formatArea } from "../format";
import { AcceptCandidateInput } from "./detect.schema";
import { toCandidateView, type AcceptedCandidate } from "./detect-views";
import { alreadyDecidedError, getCandidateOrThrow } from "./get-candidate.server";
import { loadDetectionPair } from "./load-detection-pair.server";

function dateOf(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export async function acceptCandidate(args: { candidateId: string; input: AcceptCandidateInput; actor: SessionUser }): Promise<AcceptedCandidate> {
  const input = AcceptCandidateInput.parse(args.input ?? {});
  const c = await getCandidateOrThrow(args.candidateId);
  if (c.status !== "UNDECIDED") throw alreadyDecidedError(c);
  const { before, after } = await loadDetectionPair({ siteId: c.siteId, beforeSceneId: c.beforeSceneId, afterSceneId: c.afterSceneId });
  const { annotationId, warnings } = await db.$transaction(async (tx) => {
    const claimed = await tx.changeCandidate.updateMany({
      where: { id: c.id, status: "UNDECIDED" },
      data: { status: "ACCEPTED", decidedById: args.actor.id, decidedAt: new Date() },
    });
    if (claimed.count === 0) throw alreadyDecidedError((await tx.changeCandidate.findUnique({ where: { id: c.id } })) ?? c);
    const created = await createAnnotationInTx({
      tx,
      siteId: c.siteId,
      actor: args.actor,
      input: {
        geometry: JSON.parse(c.geometry),
        changeType: input.changeType,
        confidence: input.confidence,
        beforeSceneId: c.beforeSceneId,
        afterSceneId: c.afterSceneId,
        description:
          input.description ||
          // Facts only: no instruction to the analyst, which would be published if left in.
          `Proposed by change detection between ${dateOf(before.acquiredAt)} and ${dateOf(after.acquiredAt)} (score ${c.score.toFixed(1)}, ${formatArea(c.areaM2)}).`,
        tags: ["detected"],
      },
    });
    await tx.changeCandidate.update({ where: { id: c.id }, data: { annotationId: created.id } });
    return { annotationId: created.id, warnings: created.warnings };
  });
  const row = await db.changeCandidate.findUnique({ where: { id: c.id }, include: { decidedBy: { select: { name: true } } } });
  // The change as every other annotation route returns it: a view, never the row (no storage hashes, no email addresses).
  return { candidate: toCandidateView(row!), annotation: await viewOfChange(await getAnnotationOrThrow(annotationId)), warnings };
}
