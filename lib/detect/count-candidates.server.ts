// How many candidates a site has, by decision.
import type { ChangeCandidate } from "@prisma/client";
import { db } from "../db.server";
import type { DetectionCounts } from "./detect-views";

export async function countCandidates(siteId: string): Promise<DetectionCounts> {
  const groups = await db.changeCandidate.groupBy({ by: ["status"], where: { siteId }, _count: { _all: true } });
  const n = (s: ChangeCandidate["status"]) => groups.find((g) => g.status === s)?._count._all ?? 0;
  return { undecided: n("UNDECIDED"), accepted: n("ACCEPTED"), dismissed: n("DISMISSED") };
}
