// The invited or reset person sets their password through the one-time link.
// The link is used once (a conditional update: two tabs submitting at once
// cannot both succeed), every session of the account ends, and nobody is
// signed in: they sign in at /login with the new password.
import { hashToken } from "../auth/session.server";
import { hashPassword } from "../auth/password.server";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { recordAccountEvent } from "./account-events.server";
import { SetPasswordWithTokenInput } from "./account.schema";
import { inspectOneTimeLink, LINK_REFUSALS } from "./one-time-link.server";

export async function setPasswordWithLink({ input, now = new Date() }: { input: SetPasswordWithTokenInput; now?: Date }): Promise<{ email: string }> {
  const { token, password } = SetPasswordWithTokenInput.parse(input);
  const state = await inspectOneTimeLink({ token, now });
  if (state.state !== "valid") throw new DomainError(state.state === "unknown" ? "not_found" : "conflict", LINK_REFUSALS[state.state]);
  // Hashing takes a moment: outside the transaction, which holds the write lock.
  const passwordHash = await hashPassword(password);
  const id = hashToken(token);
  return db.$transaction(async (tx) => {
    const { count } = await tx.accountToken.updateMany({ where: { id, usedAt: null, revokedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (count !== 1) throw new DomainError("conflict", LINK_REFUSALS.used);
    const row = await tx.accountToken.findUniqueOrThrow({ where: { id }, include: { user: true } });
    if (!row.user.active) throw new DomainError("conflict", LINK_REFUSALS.deactivated);
    await tx.user.update({ where: { id: row.userId }, data: { passwordHash } });
    const { count: sessionsEnded } = await tx.session.deleteMany({ where: { userId: row.userId } });
    await recordAccountEvent(tx, { actorId: row.userId, subjectId: row.userId, action: "password_set_by_link", detail: { purpose: row.purpose, sessionsEnded }, now });
    return { email: row.user.email };
  });
}
