// A person's own list: the changes they created or revised.
import { db } from "../db.server";
import { describeAction } from "./change-history";
import { annotationInclude, toChangeView, type OwnChangeItem } from "./change-view";
import { loadTypeLabels } from "./load-type-labels.server";

/**
 * The changes a person created or revised, those needing their attention first
 * (sent back for changes, then drafts), then by latest activity.
 */
export async function listChangesForUser(userId: string): Promise<OwnChangeItem[]> {
  const rows = await db.annotation.findMany({
    where: { OR: [{ authorId: userId }, { revisions: { some: { createdById: userId } } }] },
    include: { ...annotationInclude, site: { select: { slug: true, name: true } } },
  });
  const latest = new Map<string, { action: string; comment: string | null; createdAt: Date; actor: { name: string } }>();
  const events = await db.reviewEvent.findMany({
    where: { annotationId: { in: rows.map((r) => r.id) } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { annotationId: true, action: true, comment: true, createdAt: true, actor: { select: { name: true } } },
  });
  for (const e of events) if (!latest.has(e.annotationId)) latest.set(e.annotationId, e);
  const labels = await loadTypeLabels();
  const rank: Record<string, number> = { CHANGES_REQUESTED: 0, DRAFT: 1, SUBMITTED: 2, APPROVED: 3, REJECTED: 4, PUBLISHED: 5, RETRACTED: 6 };
  return rows
    .map((a) => {
      const e = latest.get(a.id);
      return {
        site: a.site,
        change: toChangeView({ row: a, labels: labels }),
        latest: e ? { verb: describeAction(e.action), actorName: e.actor.name, comment: e.comment, at: e.createdAt.toISOString() } : null,
      };
    })
    .sort((x, y) => (rank[x.change.status] ?? 9) - (rank[y.change.status] ?? 9) || y.change.updatedAt.localeCompare(x.change.updatedAt));
}
