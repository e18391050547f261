// GET /api/session — who is signed in in this browser and which header links they get (null when nobody).
// The header is drawn from this in the browser, so pages carry nothing per reader; this answer is never cached.
import { sessionView } from "@/lib/auth/header-links";
import { getRequestUser, route } from "@/lib/http/route.server";

export const GET = route("public", async () => {
  return Response.json(sessionView(await getRequestUser()), { headers: { "Cache-Control": "private, no-store" } });
});
