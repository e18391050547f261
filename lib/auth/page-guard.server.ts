// For server-rendered pages: the signed-in user, or a redirect to /login.
import { redirect } from "next/navigation";
import { getRequestUser } from "../http/route.server";
import { hasCapability, type Capability } from "./roles";
import type { SessionUser } from "./session.server";

/** The signed-in user if they have `capability` (default workspace:read); otherwise a redirect to /login (back to `returnTo`, a site path) or to /workspace?denied=1. */
export async function requirePageUser({ returnTo, capability = "workspace:read" }: { returnTo: string; capability?: Capability }): Promise<SessionUser> {
  const user = await getRequestUser();
  if (!user) redirect(`/login?next=${encodeURIComponent(returnTo)}`);
  if (!hasCapability({ role: user.role, capability })) redirect("/workspace?denied=1");
  return user;
}
