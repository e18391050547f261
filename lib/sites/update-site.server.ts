// Editing a site's details (optimistic: a stale version gets 409).
import type { Site } from "@prisma/client";
import type { SessionUser } from "../auth/session.server";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { bboxColumns, parseFootprintOrThrow } from "../geo/geometry.server";
import { getSiteByIdOrThrow } from "./get-site.server";
import { UpdateSiteInput } from "./site.schema";
import { listPublicEditors } from "./get-site-edit.server";
import { toSiteView, type StaleSiteDetails } from "./site-view";

/** Fields a release freezes for the public: whoever changes them may not be the one who publishes them. */
const PUBLIC_SITE_FIELDS = ["name", "slug", "kind", "qualifier", "country", "region", "publicSummary", "methodologyNote", "footprint"] as const;

export async function updateSite(args: { siteId: string; input: UpdateSiteInput; actor: SessionUser }): Promise<Site> {
  const input = UpdateSiteInput.parse(args.input);
  const { version, footprint, slug, ...fields } = input;
  const geo = footprint === undefined ? null : parseFootprintOrThrow(footprint);
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
    const details: StaleSiteDetails = { current: toSiteView(latest), publicEditors: await listPublicEditors(latest) };
    throw new DomainError("conflict", "the site was changed by someone else since you loaded it", { details });
  }
  return getSiteByIdOrThrow(args.siteId);
}
