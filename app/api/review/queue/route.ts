// GET /api/review/queue?site=&type=&analyst=&age= — submitted changes waiting for an editor, oldest first
import { route } from "@/lib/http/route.server";
import { ReviewQueueFilters } from "@/lib/review/review-queue.schema";
import { listReviewQueue } from "@/lib/review/review-queue.server";
import { toReviewQueueResponse } from "@/lib/review/review-views";

export const GET = route("review:queue", async (request) => {
  const filters = ReviewQueueFilters.parse(Object.fromEntries(new URL(request.url).searchParams));
  const queue = await listReviewQueue({ filters });
  return Response.json(toReviewQueueResponse(queue));
});
