// The asking browser's session id (the cookie token's hash), for "this
// browser" in the session list and to keep it when ending the others. The
// route has already resolved the same cookie to its actor.
import { cookies } from "next/headers";
import { hashToken, SESSION_COOKIE } from "../auth/session.server";

export async function currentSessionId(): Promise<string | null> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  return token ? hashToken(token) : null;
}

/** Forgets the session cookie in the asking browser (after its session was ended). */
export async function clearSessionCookie(): Promise<void> {
  (await cookies()).delete(SESSION_COOKIE);
}
