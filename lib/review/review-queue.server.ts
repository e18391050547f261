import { annotationInclude } from "../annotations/annotations.server";
import { db } from "../db.server";

/** Changes waiting for an editor, oldest first, with their site. */
export async function listReviewQueue() {
  return db.annotation.findMany({
    where: { status: "SUBMITTED" },
    include: { ...annotationInclude, site: { select: { id: true, slug: true, name: true } } },
    orderBy: { updatedAt: "asc" },
  });
}
