// One change, as a row with what its view needs, or as its view.
import { db } from "../db.server";
import { DomainError } from "../errors";
import { annotationInclude, toChangeView, type AnnotationWithRevision, type ChangeView } from "./change-view";
import { loadTypeLabels } from "./load-type-labels.server";

export async function getAnnotationOrThrow(id: string): Promise<AnnotationWithRevision> {
  const annotation = await db.annotation.findUnique({ where: { id }, include: annotationInclude });
  if (!annotation) throw new DomainError("not_found", "no such change");
  return annotation;
}

export async function getChangeViewOrThrow(id: string): Promise<ChangeView> {
  return viewOfChange(await getAnnotationOrThrow(id));
}

/** A change row as routes answer with it: its view, with the change types' current labels. */
export async function viewOfChange(row: AnnotationWithRevision): Promise<ChangeView> {
  return toChangeView({ row, labels: await loadTypeLabels() });
}
