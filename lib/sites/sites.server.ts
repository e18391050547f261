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
    data: { ...fields, slug, footprint: JSON.stringify(geometry), ...bboxColumns(bbox), areaM2, createdById: args.actor.id },
  });
}

export async function updateSite(args: { siteId: string; input: UpdateSiteInput }): Promise<Site> {
  const input = UpdateSiteInput.parse(args.input);
  const { version, footprint, slug, ...fields } = input;
  const geo = footprint === undefined ? null : parseAreaGeometryOrThrow(footprint, "site footprint");
  if (slug !== undefined) {
    const current = await getSiteByIdOrThrow(args.siteId);
    // Published pages are cited by their URL: once released, the slug is permanent.
    if (slug !== current.slug && (await db.release.count({ where: { siteId: current.id } })) > 0) {
      throw new DomainError("conflict", "this site has been published, so its address (slug) can no longer change");
    }
    if (slug !== current.slug && (await db.site.findUnique({ where: { slug } }))) {
      throw new DomainError("conflict", `a site with the slug "${slug}" already exists`);
    }
  }
  const data = {
    ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
    ...(slug ? { slug } : {}),
    ...(geo ? { footprint: JSON.stringify(geo.geometry), ...bboxColumns(geo.bbox), areaM2: geo.areaM2 } : {}),
    version: { increment: 1 },
  };
  const { count } = await db.site.updateMany({ where: { id: args.siteId, version }, data });
  if (count === 0) {
    const current = await getSiteByIdOrThrow(args.siteId);
    throw new DomainError("conflict", "the site was changed by someone else since you loaded it", { details: { current } });
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
