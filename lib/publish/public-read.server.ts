// Everything the public sees comes from here, and everything here reads only
// release snapshots: nothing unpublished can leak through a live table.
import type { FeatureCollection } from "geojson";
import type { AreaGeometry } from "../geo/area-geometry";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { memoPublic } from "./public-cache.server";
import { geometryBbox } from "../geo/bbox";

function centreOf(g: { coordinates: unknown }): [number, number] {
  const [w, s, e, n] = geometryBbox(g);
  return [(w + e) / 2, (s + n) / 2];
}
import type { ReleaseSnapshot } from "../releases/release-snapshot";
import type { PublicReleaseSummary, PublicSiteView, PublishedSiteProperties } from "./public-views";

/** The latest release of every site that has one, parsed (cached until the next release). */
export function latestSnapshots(): Promise<ReleaseSnapshot[]> {
  return memoPublic({
    key: "latest-snapshots",
    build: async () => {
      const releases = await db.release.findMany({ orderBy: [{ siteId: "asc" }, { number: "desc" }], select: { siteId: true, snapshot: true } });
      const latest = new Map<string, string>();
      for (const r of releases) if (!latest.has(r.siteId)) latest.set(r.siteId, r.snapshot);
      return [...latest.values()].map((text) => JSON.parse(text) as ReleaseSnapshot).sort((a, b) => a.site.name.localeCompare(b.site.name));
    },
  });
}

export function listPublishedSites(): Promise<FeatureCollection<AreaGeometry, PublishedSiteProperties>> {
  return memoPublic({
    key: "site-list",
    build: async () => {
      const features = (await latestSnapshots()).map((s) => {
        const from = s.changes.map((c) => c.detectedAfter).sort()[0] ?? null;
        const to =
          s.changes
            .map((c) => c.detectedBy)
            .sort()
            .at(-1) ?? null;
        return {
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
            changeTypes: [...new Set(s.changes.map((c) => c.changeType))].sort(),
            changesFrom: from,
            changesTo: to,
            center: centreOf(s.site.footprint),
          },
        };
      });
      return { type: "FeatureCollection" as const, features };
    },
  });
}

/** The published site `slug` at release `releaseNumber`, or at its latest release when omitted. */
export function getPublicSite({ slug, releaseNumber }: { slug: string; releaseNumber?: number }): Promise<PublicSiteView> {
  return memoPublic({ key: `site:${slug}:${releaseNumber ?? "latest"}`, build: () => readPublicSite(slug, releaseNumber) });
}

/** The JSON body of GET /api/public/sites/:slug, serialised once per release generation. */
export function getPublicSiteJson({ slug, releaseNumber }: { slug: string; releaseNumber?: number }): Promise<string> {
  return memoPublic({ key: `site-json:${slug}:${releaseNumber ?? "latest"}`, build: async () => JSON.stringify(await getPublicSite({ slug, releaseNumber })) });
}

/** Every release of the published site `slug`, newest first, with what each changed: the public correction history. */
export function getPublicReleaseHistory({ slug }: { slug: string }): Promise<PublicReleaseSummary[]> {
  return memoPublic({
    key: `releases:${slug}`,
    build: async () => {
      const releases = await publishedReleases(slug);
      if (releases.length === 0) throw new DomainError("not_found", `no published site "${slug}"`);
      return releases.map(releaseSummary);
    },
  });
}

async function publishedReleases(slug: string) {
  const site = await db.site.findUnique({ where: { slug }, select: { id: true } });
  return site ? await db.release.findMany({ where: { siteId: site.id }, orderBy: { number: "desc" } }) : [];
}

function releaseSummary(r: { number: number; note: string; publishedAt: Date; snapshot: string }): PublicReleaseSummary {
  return { number: r.number, note: r.note, publishedAt: r.publishedAt.toISOString(), changelog: (JSON.parse(r.snapshot) as ReleaseSnapshot).changelog ?? null };
}

async function readPublicSite(slug: string, releaseNumber?: number): Promise<PublicSiteView> {
  const releases = await publishedReleases(slug);
  // An unpublished site and a missing one look the same from outside.
  const chosen = releaseNumber === undefined ? releases[0] : releases.find((r) => r.number === releaseNumber);
  if (!chosen) throw new DomainError("not_found", releaseNumber === undefined ? `no published site "${slug}"` : `no release ${releaseNumber} of "${slug}"`);
  return {
    snapshot: JSON.parse(chosen.snapshot) as ReleaseSnapshot,
    snapshotSha256: chosen.snapshotSha256,
    signature:
      chosen.signature && chosen.signaturePayload && chosen.signingKeyId
        ? {
            installation: (JSON.parse(chosen.signaturePayload) as { installation: string }).installation,
            keyId: chosen.signingKeyId,
            payload: chosen.signaturePayload,
            signature: chosen.signature,
          }
        : null,
    // A release is read as it was published: the history up to it. What later releases did to it is
    // getPublicReleaseHistory's, so the release's own URL never changes.
    history: releases.filter((r) => r.number <= chosen.number).map(releaseSummary),
  };
}
