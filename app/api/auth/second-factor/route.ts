// POST /api/auth/second-factor — { challenge, code } (a 6-digit code or a recovery code) → session cookie and { user, recoveryCodesLeft };
// 401 for a wrong code (counted by the sign-in throttle; 429 with Retry-After past it) or a spent or expired challenge (details.startAgain)
import { SecondFactorSignInInput } from "@/lib/accounts/two-factor.schema";
import { setSessionCookie } from "@/lib/auth/session-cookie.server";
import { completeSecondFactorSignIn } from "@/lib/auth/sign-in-challenge.server";
import { BODY_LIMITS, clientIp, readJson, route } from "@/lib/http/route.server";

export const POST = route("public", async (request) => {
  const input = SecondFactorSignInInput.parse(await readJson(request, BODY_LIMITS.signIn));
  const { user, token, expiresAt, recoveryCodesLeft, via } = await completeSecondFactorSignIn({
    input,
    ip: clientIp(request),
    userAgent: request.headers.get("user-agent") ?? undefined,
  });
  await setSessionCookie({ request, token, expiresAt });
  return Response.json({ user, via, recoveryCodesLeft });
});
