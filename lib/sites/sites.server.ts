import type { Site } from "@prisma/client";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { bboxColumns, parseAreaGeometryOrThrow } from "../geo/geometry.server";
import type { SessionUser } from "../auth/session.server";
import { CreateSiteInput, slugify, UpdateSiteInput } from "./site.schema";

export async function createSite(args: { input: CreateSiteInput; actor: SessionUser }): Promise<Site> {
  const input = CreateSiteInput.parse(args.input);
  const { geometry, bbox, areaM2 } = parseAreaGeometryOrThrow(input.footprint, "site footprint");
  const slug = input.slug ?? slugify(input.name);
  if (!slug) throw new DomainError("bad_input", "the name gives no usable slug; give one explicitly");
  if (await db.site.findUnique({ where: { slug } })) {
    throw new DomainError("conflict", `a site with the slug "${slug}" already exists`);
  }
  const { footprint: _f, slug: _s, ...fields } = input;
  return db.site.create({
    // The creator wrote the public text the first release will carry.
    data: { ...fields, slug, footprint: JSON.stringify(geometry), ...bboxColumns(bbox), areaM2, createdById: args.actor.id, publicEditorIds: JSON.stringify([args.actor.id]) },
  });
}

/** Fields a release freezes for the public: whoever changes them may not be the one who publishes them. */
const PUBLIC_SITE_FIELDS = ["name", "slug", "kind", "qualifier", "country", "region", "publicSummary", "methodologyNote", "footprint"] as const;

export async function updateSite(args: { siteId: string; input: UpdateSiteInput; actor: SessionUser }): Promise<Site> {
  const input = UpdateSiteInput.parse(args.input);
  const { version, footprint, slug, ...fields } = input;
  const geo = footprint === undefined ? null : parseAreaGeometryOrThrow(footprint, "site footprint");
  const current = await getSiteByIdOrThrow(args.siteId);
  if (slug !== undefined) {
    // Published pages are cited by their URL: once released, the slug is permanent.
    if (slug !== current.slug && (await db.release.count({ where: { siteId: current.id } })) > 0) {
      throw new DomainError("conflict", "this site has been published, so its address (slug) can no longer change");
    }
    if (slug !== current.slug && (await db.site.findUnique({ where: { slug } }))) {
      throw new DomainError("conflict", `a site with the slug "${slug}" already exists`);
    }
  }
  const data: Record<string, unknown> = {
    ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
    ...(slug ? { slug } : {}),
    ...(geo ? { footprint: JSON.stringify(geo.geometry), ...bboxColumns(geo.bbox), areaM2: geo.areaM2 } : {}),
  };
  // Four eyes on the site's public text too: remember who changed it since the last release.
  const touchesPublic = PUBLIC_SITE_FIELDS.some((f) => data[f] !== undefined && data[f] !== (current as Record<string, unknown>)[f]);
  const editors = JSON.parse(current.publicEditorIds) as string[];
  if (touchesPublic && !editors.includes(args.actor.id)) data.publicEditorIds = JSON.stringify([...editors, args.actor.id]);
  const { count } = await db.site.updateMany({ where: { id: args.siteId, version }, data: { ...data, version: { increment: 1 } } });
  if (count === 0) {
    const latest = await getSiteByIdOrThrow(args.siteId);
    throw new DomainError("conflict", "the site was changed by someone else since you loaded it", { details: { current: latest } });
  }
  return getSiteByIdOrThrow(args.siteId);
}

export async function getSiteByIdOrThrow(id: string): Promise<Site> {
  const site = await db.site.findUnique({ where: { id } });
  if (!site) throw new DomainError("not_found", "no such site");
  return site;
}

export async function getSiteBySlugOrThrow(slug: string): Promise<Site> {
  const site = await db.site.findUnique({ where: { slug } });
  if (!site) throw new DomainError("not_found", `no site "${slug}"`);
  return site;
}

/** Sites for the workspace list, with counts of their work in each state. */
export async function listWorkspaceSites() {
  const sites = await db.site.findMany({
    orderBy: { updatedAt: "desc" },
    include: {
      _count: { select: { scenes: true } },
      annotations: { select: { status: true } },
      releases: { select: { number: true, publishedAt: true }, orderBy: { number: "desc" }, take: 1 },
    },
  });
  return sites.map(({ annotations, releases, _count, ...site }) => ({
    ...site,
    sceneCount: _count.scenes,
    statusCounts: annotations.reduce<Record<string, number>>((acc, a) => ({ ...acc, [a.status]: (acc[a.status] ?? 0) + 1 }), {}),
    latestRelease: releases[0] ?? null,
  }));
}
