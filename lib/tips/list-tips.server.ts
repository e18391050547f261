// The editors' list of tips.
import { requireCapability, type SessionUser } from "../auth/session.server";
import { db } from "../db.server";
import { TIP_STATUSES } from "./tip-rules";
import { toTipView, type TipView } from "./tip-view";

/** The latest 500 tips, newest first, optionally of one status; needs review:queue. */
export async function listTips({ user, filter = {} }: { user: SessionUser | null; filter?: { status?: string } }): Promise<TipView[]> {
  requireCapability({ user: user, capability: "review:queue" });
  const status = TIP_STATUSES.find((s) => s === filter.status);
  const tips = await db.tip.findMany({ where: status ? { status } : {}, orderBy: { createdAt: "desc" }, take: 500 });
  const counts = new Map<string, number>();
  for (const g of await db.tip.groupBy({ by: ["senderKey"], _count: { _all: true } })) counts.set(g.senderKey, g._count._all);
  return tips.map((tip) => toTipView({ tip, fromSameSender: counts.get(tip.senderKey) ?? 1 }));
}
