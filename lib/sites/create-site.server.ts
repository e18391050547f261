// Creating a site: its footprint checked and stored with its bbox and geodesic area.
import type { Site } from "@prisma/client";
import type { SessionUser } from "../auth/session.server";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { bboxColumns, parseFootprintOrThrow } from "../geo/geometry.server";
import { CreateSiteInput, slugify } from "./site.schema";

export async function createSite(args: { input: CreateSiteInput; actor: SessionUser }): Promise<Site> {
  const input = CreateSiteInput.parse(args.input);
  const { geometry, bbox, areaM2 } = parseFootprintOrThrow(input.footprint);
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
