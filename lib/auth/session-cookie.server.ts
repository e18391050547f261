// Sets the session cookie of a sign-in (the password step, or the code step of two-step sign-in).
import { cookies } from "next/headers";
import { requestScheme } from "../http/route.server";
import { SESSION_COOKIE } from "./session.server";

export async function setSessionCookie({ request, token, expiresAt }: { request: Request; token: string; expiresAt: Date }): Promise<void> {
  const jar = await cookies();
  jar.set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    // The real connection (or a trusted proxy) decides, never a header the client chose.
    secure: requestScheme(request) === "https",
    path: "/",
    expires: expiresAt,
  });
}
