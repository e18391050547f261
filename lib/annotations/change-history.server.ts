// The history panel of a change: every event (who, when, from → to, comment)
// with the field-level changes of each edit, and every revision's outline.
import { db } from "../db.server";
import { DomainError } from "../errors";
import { formatDate } from "../format";
import type { AreaGeometry } from "../geo/area-geometry";
import { describeAction, describeDiff, type ChangeHistory } from "./change-history";
import { listEventsForAnnotation } from "./list-annotation-events.server";
import { loadTypeLabels } from "./load-type-labels.server";

export async function getChangeHistory(annotationId: string): Promise<ChangeHistory> {
  const annotation = await db.annotation.findUnique({
    where: { id: annotationId },
    include: {
      site: { select: { scenes: { select: { scene: { select: { id: true, acquiredAt: true, sensor: true } } } } } },
      revisions: { orderBy: { number: "asc" }, select: { number: true, createdAt: true, geometry: true, createdBy: { select: { name: true } } } },
    },
  });
  if (!annotation) throw new DomainError("not_found", "no such change");
  const [events, labels] = await Promise.all([listEventsForAnnotation({ annotationId }), loadTypeLabels()]);
  const scenes = new Map(annotation.site.scenes.map(({ scene }) => [scene.id, `${formatDate(scene.acquiredAt)}${scene.sensor ? ` (${scene.sensor})` : ""}`]));
  const lookups = { sceneLabel: (id: string) => scenes.get(id) ?? id, typeLabel: (key: string) => labels.get(key) ?? key };
  const publishedNumbers = new Set(events.filter((e) => e.action === "publish").map((e) => e.revisionNumber));
  return {
    events: events.map(({ diff, ...e }) => ({ ...e, verb: describeAction(e.action), changes: describeDiff({ diff, lookups }) })),
    revisions: annotation.revisions.map((r) => ({
      number: r.number,
      createdAt: r.createdAt.toISOString(),
      createdBy: r.createdBy.name,
      geometry: JSON.parse(r.geometry) as AreaGeometry,
      published: publishedNumbers.has(r.number),
    })),
  };
}
