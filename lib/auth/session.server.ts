// Cookie sessions: a random 256-bit token in an httpOnly SameSite=Lax cookie;
// the database keeps only its sha256, so a copy of the database cannot be
// used to sign in.
//
// A session ends after SITEWATCH_SESSION_IDLE_HOURS without a request (sliding:
// each request moves the end on), and in any case SITEWATCH_SESSION_MAX_DAYS
// after sign-in. The sliding end and lastSeenAt are written at most once a
// minute per session (a conditional update, so several processes agree), not
// on every request. Expired sessions are deleted when a session is created and
// at most hourly otherwise (per process), so the table does not grow for ever.
import { createHash, randomBytes } from "node:crypto";
import type { Prisma, User } from "@prisma/client";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { hasCapability, type Capability } from "./roles";

export { SESSION_COOKIE } from "./session-cookie-name";

/** How often at most a session's lastSeenAt (and sliding end) is written. */
export const SESSION_TOUCH_INTERVAL_MS = 60_000;
/** How often at most a process deletes expired sessions outside sign-in. */
export const SESSION_SWEEP_INTERVAL_MS = 3600_000;

function positiveNumberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, not "${raw}"`);
  return n;
}

/** The idle timeout and the absolute maximum of a session, from the environment (read each time, so tests can set them). */
export function sessionLimits(): { idleMs: number; maxMs: number } {
  return {
    idleMs: positiveNumberFromEnv("SITEWATCH_SESSION_IDLE_HOURS", 12) * 3600_000,
    maxMs: positiveNumberFromEnv("SITEWATCH_SESSION_MAX_DAYS", 30) * 24 * 3600_000,
  };
}

/** The absolute maximum: what a cookie's own expiry should be (the server ends an idle session sooner). */
export const SESSION_TTL_MS = 30 * 24 * 3600_000;

export type SessionUser = Pick<User, "id" | "email" | "name" | "role">;

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** When a session seen at `lastSeenAt` ends: idle timeout from then, never past the absolute maximum. */
function endOf(session: { createdAt: Date; lastSeenAt: Date }, limits = sessionLimits()): Date {
  return new Date(Math.min(session.lastSeenAt.getTime() + limits.idleMs, session.createdAt.getTime() + limits.maxMs));
}

/** Sessions over: the stored end passed, or (after the limits were lowered) idle or old beyond today's limits. */
function expiredWhere(now: Date, limits = sessionLimits()): Prisma.SessionWhereInput {
  return {
    OR: [{ expiresAt: { lte: now } }, { lastSeenAt: { lte: new Date(now.getTime() - limits.idleMs) } }, { createdAt: { lte: new Date(now.getTime() - limits.maxMs) } }],
  };
}

export function isSessionLive(session: { createdAt: Date; lastSeenAt: Date; expiresAt: Date }, now: Date): boolean {
  return session.expiresAt > now && endOf(session) > now;
}

/**
 * A new session for the user; returns the cookie token (only its hash is
 * stored) and when the cookie should expire: the absolute maximum, since the
 * server ends an idle session itself. `userAgent` is kept, cut to 300
 * characters. Expired sessions (anyone's) are deleted first.
 */
export async function createSession({ userId, userAgent, now = new Date() }: { userId: string; userAgent?: string; now?: Date }): Promise<{ token: string; expiresAt: Date }> {
  await deleteExpiredSessions({ now });
  const token = randomBytes(32).toString("base64url");
  const limits = sessionLimits();
  const expiresAt = endOf({ createdAt: now, lastSeenAt: now }, limits);
  await db.$transaction([
    db.session.create({ data: { id: hashToken(token), userId, createdAt: now, lastSeenAt: now, expiresAt, userAgent: userAgent?.slice(0, 300) } }),
    db.user.update({ where: { id: userId }, data: { lastSeenAt: now } }),
  ]);
  return { token, expiresAt: new Date(now.getTime() + limits.maxMs) };
}

/** Deletes every expired session; returns how many. */
export async function deleteExpiredSessions({ now = new Date() }: { now?: Date } = {}): Promise<number> {
  const { count } = await db.session.deleteMany({ where: expiredWhere(now) });
  lastSweepMs = now.getTime();
  return count;
}

let lastSweepMs = 0;

/**
 * The live session of a cookie token and its user (active accounts only), or
 * null. Moves the session's sliding end and lastSeenAt on when they were last
 * written a minute or more ago. `sessionId` is the token's hash.
 */
export async function resolveSession(token: string | undefined | null, { now = new Date() }: { now?: Date } = {}): Promise<{ sessionId: string; user: SessionUser } | null> {
  if (!token) return null;
  if (now.getTime() - lastSweepMs >= SESSION_SWEEP_INTERVAL_MS) {
    await deleteExpiredSessions({ now }).catch((e: unknown) => console.error("deleting expired sessions failed", e));
  }
  const id = hashToken(token);
  const session = await db.session.findUnique({
    where: { id },
    include: { user: { select: { id: true, email: true, name: true, role: true, active: true } } },
  });
  if (!session || !session.user.active) return null;
  if (!isSessionLive(session, now)) {
    await db.session.deleteMany({ where: { id } });
    return null;
  }
  if (now.getTime() - session.lastSeenAt.getTime() >= SESSION_TOUCH_INTERVAL_MS) {
    await touchSession({ id, userId: session.userId, createdAt: session.createdAt, now }).catch((e: unknown) => console.error("recording a session's last request failed", e));
  }
  const { active: _active, ...user } = session.user;
  return { sessionId: id, user };
}

/** Writes lastSeenAt and the sliding end, unless another request (any process) did within the minute. */
async function touchSession({ id, userId, createdAt, now }: { id: string; userId: string; createdAt: Date; now: Date }): Promise<void> {
  const expiresAt = endOf({ createdAt, lastSeenAt: now });
  await db.$transaction(async (tx) => {
    const { count } = await tx.session.updateMany({
      where: { id, lastSeenAt: { lte: new Date(now.getTime() - SESSION_TOUCH_INTERVAL_MS) } },
      data: { lastSeenAt: now, expiresAt },
    });
    if (count === 1) await tx.user.update({ where: { id: userId }, data: { lastSeenAt: now } });
  });
}

export async function findSessionUser(token: string | undefined | null, options: { now?: Date } = {}): Promise<SessionUser | null> {
  return (await resolveSession(token, options))?.user ?? null;
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
