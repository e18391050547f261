// GET /api/annotations/:id/events — the change's review events, oldest first (with the field-level diff of each edit)
import { getAnnotationOrThrow, listEventsForAnnotation } from "@/lib/annotations/annotations.server";
import { requireCapability } from "@/lib/auth/session.server";
import { getRequestUser, route } from "@/lib/http/route.server";

export const GET = route<{ params: Promise<{ id: string }> }>(async (_request, { params }) => {
  requireCapability(await getRequestUser(), "workspace:read");
  const annotation = await getAnnotationOrThrow((await params).id);
  return Response.json({ events: await listEventsForAnnotation(annotation.id) });
});
