// POST /api/auth/login — { email, password } → session cookie; 429 with Retry-After when throttled
import { cookies } from "next/headers";
import { SESSION_COOKIE } from "@/lib/auth/session.server";
import { signIn, SignInInput } from "@/lib/auth/sign-in.server";
import { BODY_LIMITS, clientIp, readJson, requestScheme, route } from "@/lib/http/route.server";

export const POST = route("public", async (request) => {
  const input = SignInInput.parse(await readJson(request, BODY_LIMITS.signIn));
  const { user, token, expiresAt } = await signIn({ input, ip: clientIp(request), userAgent: request.headers.get("user-agent") ?? undefined });
  const jar = await cookies();
  jar.set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    // The real connection (or a trusted proxy) decides, never a header the client chose.
    secure: requestScheme(request) === "https",
    path: "/",
    expires: expiresAt,
  });
  return Response.json({ user });
});
