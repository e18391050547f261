// POST /api/auth/logout — ends the session
import { cookies } from "next/headers";
import { destroySession, SESSION_COOKIE } from "@/lib/auth/session.server";
import { route } from "@/lib/http/route.server";

export const POST = route("public", async () => {
  const jar = await cookies();
  await destroySession(jar.get(SESSION_COOKIE)?.value);
  jar.delete(SESSION_COOKIE);
  return Response.json({ ok: true });
});
