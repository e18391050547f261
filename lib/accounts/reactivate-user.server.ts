// Reactivates an account: it can sign in again with its password (or, if it
// never set one, needs a new link: issuePasswordReset).
import type { SessionUser } from "../auth/session.server";
import { db } from "../db.server";
import { adminActorId, getUserOrThrow } from "./account-actor.server";
import { recordAccountEvent } from "./account-events.server";
import type { UserListItem } from "./account-view";
import { getUserListItem } from "./list-users.server";

export async function reactivateUser({ actor, userId, now = new Date() }: { actor: SessionUser | null; userId: string; now?: Date }): Promise<UserListItem> {
  const actorId = adminActorId(actor);
  await getUserOrThrow(userId);
  await db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({ where: { id: userId, active: false }, data: { active: true } });
    if (count === 1) await recordAccountEvent(tx, { actorId, subjectId: userId, action: "user_reactivated", now });
  });
  return getUserListItem({ userId, now });
}
