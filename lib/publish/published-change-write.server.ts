// Replaces a site's rows in the published-change index with those of its
// release, inside the caller's transaction (publishRelease's, or the sync's).
import type { Tx } from "../db.server";
import type { ReleaseSnapshot } from "../releases/release-snapshot";
import { publishedChangeRows } from "./published-change";

/** `snapshot` must be the release's stored JSON, parsed (its key order is what the public reads serve). */
export async function writePublishedChanges({ tx, siteId, snapshot }: { tx: Tx; siteId: string; snapshot: ReleaseSnapshot }): Promise<void> {
  await tx.publishedChange.deleteMany({ where: { siteId } });
  const rows = publishedChangeRows({ siteId, snapshot });
  if (rows.length) await tx.publishedChange.createMany({ data: rows });
  const releaseNumber = snapshot.release.number;
  await tx.publishedChangeSite.upsert({ where: { siteId }, create: { siteId, releaseNumber }, update: { releaseNumber } });
}
