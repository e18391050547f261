// Writes one revision of a change (creating and editing both end here).
import type { Tx } from "../db.server";
import type { AreaGeometry, Bbox } from "../geo/area-geometry";
import { bboxColumns } from "../geo/geometry.server";
import type { CreateAnnotationInput } from "./annotation.schema";

/** A revision's content, parsed (what CreateAnnotationInput yields). */
export type RevisionContent = ReturnType<typeof CreateAnnotationInput.parse>;

export async function writeRevision(args: {
  tx: Tx;
  annotationId: string;
  number: number;
  content: RevisionContent;
  /** Checked geometry: EPSG:4326, RFC 7946 winding, its bbox and geodesic area in square metres. */
  geometry: { geometry: AreaGeometry; bbox: Bbox; areaM2: number };
  actorId: string;
}) {
  return args.tx.annotationRevision.create({
    data: {
      annotationId: args.annotationId,
      number: args.number,
      geometry: JSON.stringify(args.geometry.geometry),
      ...bboxColumns(args.geometry.bbox),
      areaM2: args.geometry.areaM2,
      changeType: args.content.changeType,
      damageGrade: args.content.damageGrade ?? null,
      confidence: args.content.confidence,
      beforeSceneId: args.content.beforeSceneId,
      afterSceneId: args.content.afterSceneId,
      description: args.content.description,
      tags: JSON.stringify(args.content.tags),
      createdById: args.actorId,
      sources: { create: args.content.sources.map((s) => ({ ...s, archiveUrl: s.archiveUrl ?? null, accessedAt: s.accessedAt ?? null })) },
    },
  });
}
