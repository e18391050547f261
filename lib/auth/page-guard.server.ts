// For server-rendered pages: the signed-in user, or a redirect to /login.
import { redirect } from "next/navigation";
import { getRequestUser } from "../http/route.server";
import { hasCapability, type Capability } from "./roles";
import type { SessionUser } from "./session.server";

export async function requirePageUser(returnTo: string, capability: Capability = "workspace:read"): Promise<SessionUser> {
  const user = await getRequestUser();
  if (!user) redirect(`/login?next=${encodeURIComponent(returnTo)}`);
  if (!hasCapability(user.role, capability)) redirect("/workspace?denied=1");
  return user;
}
