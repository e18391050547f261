// POST /api/account/sign-out-everywhere — { keepThisBrowser? }: ends every session of yours (all but this browser's with keepThisBrowser)
import { SignOutEverywhereInput } from "@/lib/accounts/account.schema";
import { clearSessionCookie, currentSessionId } from "@/lib/accounts/current-session.server";
import { signOutEverywhere } from "@/lib/accounts/own-sessions.server";
import { readJsonLimited, route } from "@/lib/http/route.server";

export const POST = route("workspace:read", async (request, _ctx, actor) => {
  const { keepThisBrowser } = SignOutEverywhereInput.parse(await readJsonLimited({ request, maxBytes: 16 * 1024 }));
  const result = await signOutEverywhere({ actor, keepSessionId: keepThisBrowser ? await currentSessionId() : null });
  if (!keepThisBrowser) await clearSessionCookie();
  return Response.json({ ...result, signedOut: !keepThisBrowser });
});
