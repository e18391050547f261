// POST /api/jobs/:id/cancel — stops a running detection; the starter or an admin only
import { requireCapability } from "@/lib/auth/session.server";
import { cancelJob } from "@/lib/detect/detect.server";
import { getRequestUser, route } from "@/lib/http/route.server";

export const POST = route<{ params: Promise<{ id: string }> }>(async (_request, { params }) => {
  const user = requireCapability(await getRequestUser(), "workspace:read");
  return Response.json({ job: await cancelJob((await params).id, user) });
});
