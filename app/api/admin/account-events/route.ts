// GET /api/admin/account-events — the latest account audit events, newest first (?limit=1..500, default 50)
import { listAccountEvents } from "@/lib/accounts/account-events.server";
import { route } from "@/lib/http/route.server";

export const GET = route("user:manage", async (request) => {
  const limit = Number(new URL(request.url).searchParams.get("limit") ?? 50);
  return Response.json({ events: await listAccountEvents({ limit: Number.isFinite(limit) ? limit : 50 }) });
});
