// Deactivates an account: it cannot sign in, every session of it ends at once
// (the rows are deleted in the same transaction, so its next request is
// anonymous) and its open one-time links are revoked. Refused for the last
// active admin and for the admin's own account.
import type { SessionUser } from "../auth/session.server";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { adminActorId, getUserOrThrow } from "./account-actor.server";
import { recordAccountEvent } from "./account-events.server";
import { lastAdminProblem } from "./account-rules";
import type { UserListItem } from "./account-view";
import { countOtherActiveAdmins } from "./last-admin.server";
import { getUserListItem } from "./list-users.server";
import { revokeOpenLinks } from "./one-time-link.server";

export async function deactivateUser({ actor, userId, now = new Date() }: { actor: SessionUser | null; userId: string; now?: Date }): Promise<{
  user: UserListItem;
  sessionsEnded: number;
}> {
  const actorId = adminActorId(actor);
  await getUserOrThrow(userId);
  if (actorId === userId) throw new DomainError("conflict", "you cannot deactivate your own account: ask another admin");
  const sessionsEnded = await db.$transaction(async (tx) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId } });
    if (!user.active) return 0;
    const problem = lastAdminProblem({ target: user, otherActiveAdmins: await countOtherActiveAdmins(tx, userId), change: "deactivate" });
    if (problem) throw new DomainError("conflict", problem);
    await tx.user.update({ where: { id: userId }, data: { active: false } });
    const { count } = await tx.session.deleteMany({ where: { userId } });
    await revokeOpenLinks(tx, { userId, now });
    await recordAccountEvent(tx, { actorId, subjectId: userId, action: "user_deactivated", detail: { sessionsEnded: count }, now });
    return count;
  });
  return { user: await getUserListItem({ userId, now }), sessionsEnded };
}
