// DELETE /api/account/sessions/:handle — ends one of your sessions (this browser's too: then you are signed out)
import { clearSessionCookie, currentSessionId } from "@/lib/accounts/current-session.server";
import { endOwnSession } from "@/lib/accounts/own-sessions.server";
import { route } from "@/lib/http/route.server";

type Ctx = { params: Promise<{ id: string }> };

export const DELETE = route<Ctx>("workspace:read", async (_request, ctx, actor) => {
  const { wasCurrent } = await endOwnSession({ actor, handle: (await ctx.params).id, currentSessionId: await currentSessionId() });
  if (wasCurrent) await clearSessionCookie();
  return Response.json({ ended: true, signedOut: wasCurrent });
});
