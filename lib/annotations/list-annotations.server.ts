// The changes of one site, oldest first.
import { db } from "../db.server";
import { annotationInclude, toChangeView, type AnnotationWithRevision, type ChangeView } from "./change-view";
import { loadTypeLabels } from "./load-type-labels.server";

export async function listAnnotationsForSite(siteId: string): Promise<AnnotationWithRevision[]> {
  return db.annotation.findMany({ where: { siteId }, include: annotationInclude, orderBy: { createdAt: "asc" } });
}

export async function listChangeViewsForSite(siteId: string): Promise<ChangeView[]> {
  const labels = await loadTypeLabels();
  return (await listAnnotationsForSite(siteId)).map((a) => toChangeView({ row: a, labels: labels }));
}
