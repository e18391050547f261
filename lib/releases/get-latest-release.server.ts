// The newest release of a site, as the workspace names it.
import { db } from "../db.server";
import type { LatestReleaseView } from "./release-snapshot";

export async function getLatestRelease(siteId: string): Promise<LatestReleaseView | null> {
  const r = await db.release.findFirst({ where: { siteId }, orderBy: { number: "desc" }, select: { number: true, publishedAt: true, note: true } });
  return r ? { number: r.number, publishedAt: r.publishedAt.toISOString(), note: r.note } : null;
}
