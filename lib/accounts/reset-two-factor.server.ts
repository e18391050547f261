// An admin turns off another person's two-step sign-in (they lost their phone
// and their recovery codes): they sign in with the password alone again and
// can set it up anew. Not for the admin's own account (that needs the
// password and a code, on the account page). The command line may do it too.
import type { SessionUser } from "../auth/session.server";
import { db, type Tx } from "../db.server";
import { DomainError } from "../errors";
import { adminActorId, getUserOrThrow } from "./account-actor.server";
import { recordAccountEvent } from "./account-events.server";
import type { UserListItem } from "./account-view";
import { getUserListItem } from "./list-users.server";

/** Forgets the secret, the recovery codes and the open sign-in challenges of a person. */
export async function clearTwoFactor(tx: Tx, userId: string): Promise<void> {
  await tx.user.update({ where: { id: userId }, data: { totpSecret: null, totpEnabledAt: null, totpLastTimeStep: null } });
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.signInChallenge.deleteMany({ where: { userId } });
}

export async function resetTwoFactor({ actor, userId, now = new Date() }: { actor: SessionUser | null; userId: string; now?: Date }): Promise<UserListItem> {
  const actorId = adminActorId(actor);
  await getUserOrThrow(userId);
  if (actorId === userId) throw new DomainError("conflict", "turn your own two-step sign-in off on your account page (it needs your password and a code)");
  await db.$transaction(async (tx) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId } });
    if (!user.totpEnabledAt) throw new DomainError("conflict", `two-step sign-in is not on for ${user.email}`);
    await clearTwoFactor(tx, userId);
    await recordAccountEvent(tx, { actorId, subjectId: userId, action: "two_factor_reset", now });
  });
  return getUserListItem({ userId, now });
}
