// Brings the published-change index up to date with the releases: every site
// whose latest release is not the one the index holds gets its rows rewritten.
// publishRelease keeps the index current in its own transaction, so this only
// has work when the index is new (right after its migration, when it is empty
// while releases exist: a full rebuild from the releases) or was copied or
// restored from elsewhere. The public reads run it once per release generation
// (ensurePublishedChanges), so no command is needed after upgrading.
import { db } from "../db.server";
import type { ReleaseSnapshot } from "../releases/release-snapshot";
import { memoPublic } from "./public-cache.server";
import { writePublishedChanges } from "./published-change-write.server";

/** Returns how many sites were rewritten. */
export async function syncPublishedChanges(): Promise<number> {
  const [latest, held] = await Promise.all([db.release.groupBy({ by: ["siteId"], _max: { number: true } }), db.publishedChangeSite.findMany()]);
  const heldBySite = new Map(held.map((h) => [h.siteId, h.releaseNumber]));
  const stale = latest.filter((l) => heldBySite.get(l.siteId) !== l._max.number).map((l) => l.siteId);
  for (const siteId of stale) {
    // One short write transaction per site; another process may have done it meanwhile, which is harmless.
    await db.$transaction(async (tx) => {
      const release = await tx.release.findFirst({ where: { siteId }, orderBy: { number: "desc" }, select: { number: true, snapshot: true } });
      const current = await tx.publishedChangeSite.findUnique({ where: { siteId } });
      if (!release || current?.releaseNumber === release.number) return;
      await writePublishedChanges({ tx, siteId, snapshot: JSON.parse(release.snapshot) as ReleaseSnapshot });
    });
  }
  return stale.length;
}

/** Before a public read of the index: synced once per release generation. */
export function ensurePublishedChanges(): Promise<number> {
  return memoPublic({ key: "published-change-sync", build: syncPublishedChanges });
}
