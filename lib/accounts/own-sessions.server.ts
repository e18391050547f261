// A signed-in person's own sessions: list them, end one, sign out everywhere.
// Sessions are named to the browser by a handle derived from the stored hash,
// never by the cookie or the hash itself.
import { createHash } from "node:crypto";
import { isSessionLive, type SessionUser } from "../auth/session.server";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { recordAccountEvent } from "./account-events.server";
import type { SessionView } from "./account-view";

export function sessionHandle(sessionId: string): string {
  return createHash("sha256").update(`session-handle:${sessionId}`).digest("base64url").slice(0, 22);
}

/** The person's live sessions, most recently seen first; `current` marks the asking browser's. */
export async function listOwnSessions({ userId, currentSessionId, now = new Date() }: { userId: string; currentSessionId: string | null; now?: Date }): Promise<SessionView[]> {
  const rows = await db.session.findMany({ where: { userId }, orderBy: [{ lastSeenAt: "desc" }, { createdAt: "desc" }] });
  return rows
    .filter((s) => isSessionLive(s, now))
    .map((s) => ({
      handle: sessionHandle(s.id),
      userAgent: s.userAgent,
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      expiresAt: s.expiresAt.toISOString(),
      current: s.id === currentSessionId,
    }));
}

/** Ends one of the person's own sessions (404 for anyone else's); returns whether it was the asking browser's. */
export async function endOwnSession({
  actor,
  handle,
  currentSessionId,
  now = new Date(),
}: {
  actor: SessionUser;
  handle: string;
  currentSessionId: string | null;
  now?: Date;
}): Promise<{
  wasCurrent: boolean;
}> {
  return db.$transaction(async (tx) => {
    const mine = await tx.session.findMany({ where: { userId: actor.id }, select: { id: true, userAgent: true } });
    const target = mine.find((s) => sessionHandle(s.id) === handle);
    if (!target) throw new DomainError("not_found", "no such session (it may have ended already)");
    await tx.session.delete({ where: { id: target.id } });
    await recordAccountEvent(tx, { actorId: actor.id, subjectId: actor.id, action: "session_ended", detail: { userAgent: target.userAgent?.slice(0, 120) ?? null }, now });
    return { wasCurrent: target.id === currentSessionId };
  });
}

/** Ends every session of the person (all but the asking browser's with `keepSessionId`). */
export async function signOutEverywhere({
  actor,
  keepSessionId,
  now = new Date(),
}: {
  actor: SessionUser;
  keepSessionId: string | null;
  now?: Date;
}): Promise<{ sessionsEnded: number }> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.session.deleteMany({ where: { userId: actor.id, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) } });
    await recordAccountEvent(tx, {
      actorId: actor.id,
      subjectId: actor.id,
      action: "signed_out_everywhere",
      detail: { sessionsEnded: count, keptThisBrowser: Boolean(keepSessionId) },
      now,
    });
    return { sessionsEnded: count };
  });
}
