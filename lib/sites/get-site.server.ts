// One site, by id or by slug.
import type { Site } from "@prisma/client";
import { db } from "../db.server";
import { DomainError } from "../errors";

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
