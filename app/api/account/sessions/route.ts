// GET /api/account/sessions — your live sessions (browser, started, last seen; `current` is this browser)
import { currentSessionId } from "@/lib/accounts/current-session.server";
import { listOwnSessions } from "@/lib/accounts/own-sessions.server";
import { route } from "@/lib/http/route.server";

export const GET = route("workspace:read", async (_request, _ctx, actor) => {
  return Response.json({ sessions: await listOwnSessions({ userId: actor.id, currentSessionId: await currentSessionId() }) });
});
