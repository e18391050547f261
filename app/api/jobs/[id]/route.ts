// GET /api/jobs/:id — progress of long work (ingest conversion, detection); the starter or an admin only
import { requireCapability } from "@/lib/auth/session.server";
import { getRequestUser, route } from "@/lib/http/route.server";
import { getJobForUser } from "@/lib/jobs/jobs.server";

type Ctx = { params: Promise<{ id: string }> };

export const GET = route<Ctx>(async (_request, { params }) => {
  const user = requireCapability(await getRequestUser(), "workspace:read");
  return Response.json({ job: await getJobForUser((await params).id, user) }, { headers: { "Cache-Control": "no-store" } });
});
