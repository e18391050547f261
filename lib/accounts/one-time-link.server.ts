// One-time links to set a password (invitations and resets). The token is 256
// random bits shown once to whoever issued it; the database keeps only its
// sha256, so a copy of the database hands out no links. Issuing a new link for
// a person replaces (revokes) their earlier open ones.
import { randomBytes } from "node:crypto";
import { hashToken } from "../auth/session.server";
import { NO_PASSWORD } from "../auth/password.server";
import { db, type Tx } from "../db.server";
import { LINK_TTL_MS, setPasswordPath, type LinkPurpose } from "./account-rules";
import type { LinkState, OneTimeLinkView } from "./account-view";

export async function issueOneTimeLink(
  tx: Tx,
  args: { user: { id: string; email: string }; purpose: LinkPurpose; createdById: string | null; now: Date },
): Promise<OneTimeLinkView> {
  const { user, purpose, createdById, now } = args;
  await tx.accountToken.updateMany({ where: { userId: user.id, usedAt: null, revokedAt: null }, data: { revokedAt: now } });
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + LINK_TTL_MS[purpose]);
  await tx.accountToken.create({ data: { id: hashToken(token), userId: user.id, purpose, createdById, createdAt: now, expiresAt } });
  return { purpose, path: setPasswordPath(token), expiresAt: expiresAt.toISOString(), email: user.email };
}

/** Ends every open link of a person (deactivation). */
export async function revokeOpenLinks(tx: Tx, { userId, now }: { userId: string; now: Date }): Promise<void> {
  await tx.accountToken.updateMany({ where: { userId, usedAt: null, revokedAt: null }, data: { revokedAt: now } });
}

/** What a link is now, for the public page: valid (with whom it is for), or why not. */
export async function inspectOneTimeLink({ token, now = new Date() }: { token: string; now?: Date }): Promise<LinkState> {
  if (!token || token.length > 200) return { state: "unknown" };
  const row = await db.accountToken.findUnique({ where: { id: hashToken(token) }, include: { user: true } });
  if (!row) return { state: "unknown" };
  if (row.usedAt) return { state: "used" };
  if (row.revokedAt) return { state: "replaced" };
  if (!row.user.active) return { state: "deactivated" };
  if (row.expiresAt <= now) return { state: "expired" };
  return { state: "valid", purpose: row.purpose === "INVITE" ? "INVITE" : "RESET", email: row.user.email, name: row.user.name, expiresAt: row.expiresAt.toISOString() };
}

/** Why a link cannot be used, as the page and the API say it. */
export const LINK_REFUSALS: Record<Exclude<LinkState["state"], "valid">, string> = {
  unknown: "this link is not valid: check that you copied all of it, or ask an admin for a new one",
  used: "this link has already been used: sign in with the password you set, or ask an admin for a new link",
  replaced: "this link was replaced by a newer one: use the latest link you were given, or ask an admin for a new one",
  expired: "this link has expired: ask an admin for a new one",
  deactivated: "this account is deactivated: ask an admin",
};

export function hasPassword(user: { passwordHash: string }): boolean {
  return user.passwordHash !== NO_PASSWORD;
}
