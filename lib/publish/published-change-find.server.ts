// One change of the published-change index by id, as the OGC API serves it.
import { db } from "../db.server";

/** The row's `feature` text, or null when no site's latest release has the change. */
export async function findPublishedChange({ changeId }: { changeId: string }): Promise<string | null> {
  return (await db.publishedChange.findUnique({ where: { changeId }, select: { feature: true } }))?.feature ?? null;
}
