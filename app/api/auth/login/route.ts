// POST /api/auth/login — { email, password } → session cookie and { user }; for an account with two-step sign-in on,
// no cookie yet but { needsSecondFactor: true, challenge, expiresAt } (then POST /api/auth/second-factor); 429 with Retry-After when throttled
import { setSessionCookie } from "@/lib/auth/session-cookie.server";
import { SignInInput, signInWithPassword } from "@/lib/auth/sign-in.server";
import { BODY_LIMITS, clientIp, readJson, route } from "@/lib/http/route.server";

export const POST = route("public", async (request) => {
  const input = SignInInput.parse(await readJson(request, BODY_LIMITS.signIn));
  const result = await signInWithPassword({ input, ip: clientIp(request), userAgent: request.headers.get("user-agent") ?? undefined });
  if ("needsSecondFactor" in result) return Response.json(result);
  await setSessionCookie({ request, token: result.token, expiresAt: result.expiresAt });
  return Response.json({ user: result.user });
});
