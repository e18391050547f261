// GET /api/annotations/:id/events — the change's review events, oldest first (with the field-level diff of each edit)
import { getAnnotationOrThrow } from "@/lib/annotations/get-annotation.server";
import { listEventsForAnnotation } from "@/lib/annotations/list-annotation-events.server";
import { route } from "@/lib/http/route.server";

export const GET = route<{ params: Promise<{ id: string }> }>("workspace:read", async (_request, { params }) => {
  const annotation = await getAnnotationOrThrow((await params).id);
  return Response.json({ events: await listEventsForAnnotation({ annotationId: annotation.id }) });
});
