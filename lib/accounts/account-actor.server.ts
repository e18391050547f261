// Who does an account action: a signed-in admin (checked again here, since the
// CLI and tests call the verbs without a route) or the command line (null).
import { requireCapability, type SessionUser } from "../auth/session.server";
import { db } from "../db.server";
import { DomainError } from "../errors";

/** The admin doing it, checked; null for the command line, which acts as the machine's owner. */
export function adminActorId(actor: SessionUser | null): string | null {
  if (actor === null) return null;
  return requireCapability({ user: actor, capability: "user:manage" }).id;
}

export async function getUserOrThrow(userId: string) {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user) throw new DomainError("not_found", "no such account");
  return user;
}

/** For the CLI: the account with this email address (case-insensitive). */
export async function getUserByEmailOrThrow(email: string) {
  const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!user) throw new DomainError("not_found", `no account for ${email.trim().toLowerCase()}`);
  return user;
}
