// Changes a person's role. The last active admin cannot be demoted. The new
// role applies from their next request (sessions read the role each time).
import type { SessionUser } from "../auth/session.server";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { adminActorId, getUserOrThrow } from "./account-actor.server";
import { recordAccountEvent } from "./account-events.server";
import { lastAdminProblem } from "./account-rules";
import { ChangeRoleInput } from "./account.schema";
import type { UserListItem } from "./account-view";
import { countOtherActiveAdmins } from "./last-admin.server";
import { getUserListItem } from "./list-users.server";

export async function changeUserRole({
  actor,
  userId,
  input,
  now = new Date(),
}: {
  actor: SessionUser | null;
  userId: string;
  input: ChangeRoleInput;
  now?: Date;
}): Promise<UserListItem> {
  const actorId = adminActorId(actor);
  const { role } = ChangeRoleInput.parse(input);
  await getUserOrThrow(userId);
  await db.$transaction(async (tx) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId } });
    if (user.role === role) return;
    if (role !== "ADMIN") {
      const problem = lastAdminProblem({ target: user, otherActiveAdmins: await countOtherActiveAdmins(tx, userId), change: "demote" });
      if (problem) throw new DomainError("conflict", problem);
    }
    await tx.user.update({ where: { id: userId }, data: { role } });
    await recordAccountEvent(tx, { actorId, subjectId: userId, action: "role_changed", detail: { from: user.role, to: role }, now });
  });
  return getUserListItem({ userId, now });
}
