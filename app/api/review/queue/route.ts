// GET /api/review/queue?site=&type=&analyst=&age= — submitted changes waiting for an editor, oldest first
import { route } from "@/lib/http/route.server";
import { ReviewQueueFilters } from "@/lib/review/review-queue.schema";
import { listReviewQueue } from "@/lib/review/review-queue.server";

export const GET = route("review:queue", async (request) => {
  const filters = ReviewQueueFilters.parse(Object.fromEntries(new URL(request.url).searchParams));
  const queue = await listReviewQueue({ filters });
  return Response.json({ annotations: queue.items.map((i) => ({ ...i.change, site: i.site })), options: queue.options });
});
