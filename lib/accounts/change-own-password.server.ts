// A signed-in person changes their password: the current one is needed (a
// borrowed, unlocked browser must not be enough), and every other session of
// theirs ends; the browser asking stays signed in. Guesses at the current
// password count against the same throttle as sign-in, so a stolen session
// cannot be used to find the password.
import type { SessionUser } from "../auth/session.server";
import { hashPassword, verifyPassword } from "../auth/password.server";
import { reserveSignInAttempt, settleSuccessfulSignIn } from "../auth/throttle.server";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { recordAccountEvent } from "./account-events.server";
import { revokeOpenLinks } from "./one-time-link.server";
import { ChangePasswordInput } from "./account.schema";

export async function changeOwnPassword({
  actor,
  currentSessionId,
  input,
  ip,
  now = new Date(),
}: {
  actor: SessionUser;
  currentSessionId: string | null;
  /** The client's address, for the throttle. */
  ip: string;
  input: ChangePasswordInput;
  now?: Date;
}): Promise<{
  otherSessionsEnded: number;
}> {
  const { currentPassword, newPassword } = ChangePasswordInput.parse(input);
  const user = await db.user.findUnique({ where: { id: actor.id } });
  if (!user || !user.active) throw new DomainError("not_signed_in", "sign in first");
  await reserveSignInAttempt({ email: user.email, ip });
  if (!(await verifyPassword({ passwordHash: user.passwordHash, password: currentPassword }))) {
    throw new DomainError("bad_input", "your current password is not right", { details: [{ path: ["currentPassword"], message: "not right" }] });
  }
  await settleSuccessfulSignIn({ email: user.email, ip });
  const passwordHash = await hashPassword(newPassword);
  return db.$transaction(async (tx) => {
    // Unchanged since it was checked: a concurrent change or reset wins, this one is refused.
    const { count } = await tx.user.updateMany({ where: { id: user.id, passwordHash: user.passwordHash, active: true }, data: { passwordHash } });
    if (count !== 1) throw new DomainError("conflict", "your password was changed meanwhile: sign in again");
    const { count: otherSessionsEnded } = await tx.session.deleteMany({ where: { userId: user.id, ...(currentSessionId ? { id: { not: currentSessionId } } : {}) } });
    // An open reset link, or a sign-in halfway through (password given, code not yet), would get round the new password.
    await revokeOpenLinks(tx, { userId: user.id, now });
    await tx.signInChallenge.deleteMany({ where: { userId: user.id } });
    await recordAccountEvent(tx, { actorId: user.id, subjectId: user.id, action: "password_changed", detail: { sessionsEnded: otherSessionsEnded }, now });
    return { otherSessionsEnded };
  });
}
