// GET /api/annotations/:id/history — events with named field changes, and every revision's outline (signed in)
import { getChangeHistory } from "@/lib/annotations/change-history.server";
import { requireCapability } from "@/lib/auth/session.server";
import { getRequestUser, route } from "@/lib/http/route.server";

export const GET = route<{ params: Promise<{ id: string }> }>(async (_request, { params }) => {
  requireCapability(await getRequestUser(), "workspace:read");
  return Response.json(await getChangeHistory((await params).id));
});
