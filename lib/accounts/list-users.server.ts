// The admin page's list of accounts: who, which role, whether they can sign in, when last seen.
import type { AccountToken, User } from "@prisma/client";
import { db } from "../db.server";
import type { AccountStatus, UserListItem } from "./account-view";
import { hasPassword } from "./one-time-link.server";

type Row = User & { accountTokens: Pick<AccountToken, "expiresAt">[]; _count: { sessions: number } };

function statusOf(user: Row, now: Date): AccountStatus {
  if (!user.active) return "deactivated";
  if (hasPassword(user)) return "active";
  return user.accountTokens.some((t) => t.expiresAt > now) ? "invited" : "invitation expired";
}

function toItem(user: Row, now: Date): UserListItem {
  const open = user.accountTokens.filter((t) => t.expiresAt > now).sort((a, b) => b.expiresAt.getTime() - a.expiresAt.getTime())[0];
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    active: user.active,
    status: statusOf(user, now),
    createdAt: user.createdAt.toISOString(),
    lastSeenAt: user.lastSeenAt?.toISOString() ?? null,
    sessionCount: user._count.sessions,
    openLinkExpiresAt: open?.expiresAt.toISOString() ?? null,
    twoFactor: user.totpEnabledAt !== null,
  };
}

function include(now: Date) {
  return {
    accountTokens: { where: { usedAt: null, revokedAt: null }, select: { expiresAt: true } },
    _count: { select: { sessions: { where: { expiresAt: { gt: now } } } } },
  } as const;
}

/** Every account: admins first, then editors, analysts; by email within a role. */
export async function listUsers({ now = new Date() }: { now?: Date } = {}): Promise<UserListItem[]> {
  const rows = await db.user.findMany({ include: include(now), orderBy: [{ email: "asc" }] });
  const order = { ADMIN: 0, EDITOR: 1, ANALYST: 2 } as const;
  return rows.map((r) => toItem(r, now)).sort((a, b) => Number(!a.active) - Number(!b.active) || order[a.role] - order[b.role] || a.email.localeCompare(b.email));
}

export async function getUserListItem({ userId, now = new Date() }: { userId: string; now?: Date }): Promise<UserListItem> {
  return toItem(await db.user.findUniqueOrThrow({ where: { id: userId }, include: include(now) }), now);
}
