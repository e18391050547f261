// GET /api/annotations/:id/history — events with named field changes, and every revision's outline (signed in)
import { getChangeHistory } from "@/lib/annotations/change-history.server";
import { route } from "@/lib/http/route.server";

export const GET = route<{ params: Promise<{ id: string }> }>("workspace:read", async (_request, { params }) => {
  return Response.json(await getChangeHistory((await params).id));
});
