// Cookie sessions: a random 256-bit token in an httpOnly SameSite=Lax cookie;
// the database keeps only its sha256, so a copy of the database cannot be
// used to sign in.
import { createHash, randomBytes } from "node:crypto";
import type { User } from "@prisma/client";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { hasCapability, type Capability } from "./roles";

export const SESSION_COOKIE = "sitewatch_session";
export const SESSION_TTL_MS = 7 * 24 * 3600_000;

export type SessionUser = Pick<User, "id" | "email" | "name" | "role">;

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A new session for the user; returns the cookie token (only its hash is stored) and when it expires. `userAgent` is kept, cut to 300 characters. */
export async function createSession({ userId, userAgent }: { userId: string; userAgent?: string }): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await db.session.create({ data: { id: hashToken(token), userId, expiresAt, userAgent: userAgent?.slice(0, 300) } });
  return { token, expiresAt };
}

export async function findSessionUser(token: string | undefined | null): Promise<SessionUser | null> {
  if (!token) return null;
  const session = await db.session.findUnique({
    where: { id: hashToken(token) },
    include: { user: { select: { id: true, email: true, name: true, role: true, active: true } } },
  });
  if (!session || session.expiresAt.getTime() < Date.now() || !session.user.active) return null;
  const { active: _active, ...user } = session.user;
  return user;
}

export async function destroySession(token: string | undefined | null): Promise<void> {
  if (!token) return;
  await db.session.deleteMany({ where: { id: hashToken(token) } });
}

/** Throws not_signed_in / forbidden unless the user exists and holds the capability. */
export function requireCapability(args: { user: SessionUser | null; capability: Capability }): SessionUser {
  const { user, capability } = args;
  if (!user) throw new DomainError("not_signed_in", "sign in first");
  if (!hasCapability({ role: user.role, capability })) {
    throw new DomainError("forbidden", `your role (${user.role.toLowerCase()}) may not do this`);
  }
  return user;
}
