// GET /api/review/queue — submitted changes waiting for an editor
import { requireCapability } from "@/lib/auth/session.server";
import { getRequestUser, route } from "@/lib/http/route.server";
import { listReviewQueue } from "@/lib/review/review-queue.server";

export const GET = route(async () => {
  requireCapability(await getRequestUser(), "review:queue");
  return Response.json({ annotations: await listReviewQueue() });
});
