// The editors' queue: submitted changes, oldest first, filtered by site,
// change type, analyst and how long they have waited, with both scenes of each
// change's detection window for the side-by-side check.
import type { Prisma } from "@prisma/client";
import type { z } from "zod";
import { loadTypeLabels } from "../annotations/load-type-labels.server";
import { annotationInclude, toChangeView } from "../annotations/change-view";
import { toSceneView } from "../scenes/scene-view";
import { db } from "../db.server";
import { QUEUE_AGES, ReviewQueueFilters } from "./review-queue.schema";
import type { ReviewQueue } from "./review-views";

export async function listReviewQueue({ filters = {}, now = new Date() }: { filters?: z.input<typeof ReviewQueueFilters>; now?: Date } = {}): Promise<ReviewQueue> {
  const f = ReviewQueueFilters.parse(filters);
  const where: Prisma.AnnotationWhereInput = {
    status: "SUBMITTED",
    ...(f.site ? { site: { slug: f.site } } : {}),
    ...(f.type ? { currentRevision: { changeType: f.type } } : {}),
    ...(f.analyst ? { authorId: f.analyst } : {}),
    ...(f.age ? { statusChangedAt: { lte: new Date(now.getTime() - QUEUE_AGES[f.age] * 86_400_000) } } : {}),
  };
  const [rows, all, labels] = await Promise.all([
    db.annotation.findMany({
      where,
      include: { ...annotationInclude, site: { select: { id: true, slug: true, name: true } } },
      orderBy: [{ statusChangedAt: "asc" }, { id: "asc" }],
    }),
    db.annotation.findMany({
      where: { status: "SUBMITTED" },
      select: { site: { select: { slug: true, name: true } }, author: { select: { id: true, name: true } }, currentRevision: { select: { changeType: true } } },
    }),
    loadTypeLabels(),
  ]);
  const unique = <T>(xs: T[], key: (x: T) => string) => [...new Map(xs.map((x) => [key(x), x])).values()];
  return {
    items: rows.map((a) => ({
      site: a.site,
      change: toChangeView({ row: a, labels: labels }),
      before: toSceneView(a.currentRevision!.beforeScene),
      after: toSceneView(a.currentRevision!.afterScene),
    })),
    options: {
      sites: unique(
        all.map((a) => a.site),
        (s) => s.slug,
      ).sort((a, b) => a.name.localeCompare(b.name)),
      types: unique(
        all.map((a) => a.currentRevision!.changeType),
        (t) => t,
      )
        .map((key) => ({ key, label: labels.get(key) ?? key }))
        .sort((a, b) => a.label.localeCompare(b.label)),
      analysts: unique(
        all.map((a) => a.author),
        (u) => u.id,
      ).sort((a, b) => a.name.localeCompare(b.name)),
    },
  };
}
