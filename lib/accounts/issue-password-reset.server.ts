// A one-time link for a person to set a new password (24 hours), replacing any
// earlier open link. Their current password and sessions keep working until
// the link is used. For someone invited who never set a password, a fresh
// invitation (7 days) instead.
import type { SessionUser } from "../auth/session.server";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { adminActorId, getUserOrThrow } from "./account-actor.server";
import { recordAccountEvent } from "./account-events.server";
import type { OneTimeLinkView } from "./account-view";
import { hasPassword, issueOneTimeLink } from "./one-time-link.server";

export async function issuePasswordReset({ actor, userId, now = new Date() }: { actor: SessionUser | null; userId: string; now?: Date }): Promise<OneTimeLinkView> {
  const actorId = adminActorId(actor);
  await getUserOrThrow(userId);
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId } });
    if (!user.active) throw new DomainError("conflict", `${user.email} is deactivated: reactivate the account first`);
    const purpose = hasPassword(user) ? "RESET" : "INVITE";
    const link = await issueOneTimeLink(tx, { user, purpose, createdById: actorId, now });
    await recordAccountEvent(tx, { actorId, subjectId: userId, action: "password_reset_issued", detail: { purpose, expiresAt: link.expiresAt }, now });
    return link;
  });
}
