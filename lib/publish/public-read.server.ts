// Everything the public sees comes from here, and everything here reads only
// release snapshots: nothing unpublished can leak through a live table.
import type { FeatureCollection } from "geojson";
import { db } from "../db.server";
import { DomainError } from "../errors";
import type { ReleaseChangelog, ReleaseSnapshot } from "../releases/release-snapshot";

export interface PublicReleaseSummary {
  number: number;
  note: string;
  publishedAt: string;
  /** What that release changed (absent for snapshots made before changelogs existed). */
  changelog: ReleaseChangelog | null;
}

export interface PublicSiteView {
  snapshot: ReleaseSnapshot;
  snapshotSha256: string;
  /** Every release of the site, newest first: the public correction history. */
  history: PublicReleaseSummary[];
}

/** The latest release of every site that has one. */
async function latestReleases() {
  const releases = await db.release.findMany({ orderBy: [{ siteId: "asc" }, { number: "desc" }] });
  const latest = new Map<string, (typeof releases)[number]>();
  for (const r of releases) if (!latest.has(r.siteId)) latest.set(r.siteId, r);
  return [...latest.values()];
}

export async function listPublishedSites(): Promise<FeatureCollection> {
  const releases = await latestReleases();
  const features = releases
    .map((r) => JSON.parse(r.snapshot) as ReleaseSnapshot)
    .sort((a, b) => a.site.name.localeCompare(b.site.name))
    .map((s) => ({
      type: "Feature" as const,
      id: s.site.slug,
      geometry: s.site.footprint,
      properties: {
        slug: s.site.slug,
        name: s.site.name,
        kind: s.site.kind,
        qualifier: s.site.qualifier,
        country: s.site.country,
        region: s.site.region,
        publicSummary: s.site.publicSummary,
        release: s.release.number,
        releasedAt: s.release.publishedAt,
        changeCount: s.changes.length,
      },
    }));
  return { type: "FeatureCollection", features };
}

export async function getPublicSite(slug: string, releaseNumber?: number): Promise<PublicSiteView> {
  const site = await db.site.findUnique({ where: { slug }, select: { id: true } });
  const releases = site
    ? await db.release.findMany({ where: { siteId: site.id }, orderBy: { number: "desc" } })
    : [];
  // An unpublished site and a missing one look the same from outside.
  const chosen = releaseNumber === undefined ? releases[0] : releases.find((r) => r.number === releaseNumber);
  if (!chosen) throw new DomainError("not_found", releaseNumber === undefined ? `no published site "${slug}"` : `no release ${releaseNumber} of "${slug}"`);
  return {
    snapshot: JSON.parse(chosen.snapshot) as ReleaseSnapshot,
    snapshotSha256: chosen.snapshotSha256,
    history: releases.map((r) => ({
      number: r.number,
      note: r.note,
      publishedAt: r.publishedAt.toISOString(),
      changelog: (JSON.parse(r.snapshot) as ReleaseSnapshot).changelog ?? null,
    })),
  };
}
