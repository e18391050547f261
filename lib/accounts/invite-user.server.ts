// Invites a person: an account without a password and a one-time link (7 days)
// for them to set one. There is no mail server: the admin passes the link on.
import type { SessionUser } from "../auth/session.server";
import { NO_PASSWORD } from "../auth/password.server";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { adminActorId } from "./account-actor.server";
import { recordAccountEvent } from "./account-events.server";
import { InviteUserInput } from "./account.schema";
import type { OneTimeLinkView, UserListItem } from "./account-view";
import { getUserListItem } from "./list-users.server";
import { issueOneTimeLink } from "./one-time-link.server";

export async function inviteUser({ actor, input, now = new Date() }: { actor: SessionUser | null; input: InviteUserInput; now?: Date }): Promise<{
  user: UserListItem;
  link: OneTimeLinkView;
}> {
  const actorId = adminActorId(actor);
  const { email, name, role } = InviteUserInput.parse(input);
  const { userId, link } = await db.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email } })) throw new DomainError("conflict", `an account for ${email} already exists`);
    const user = await tx.user.create({ data: { email, name, role, passwordHash: NO_PASSWORD, createdAt: now } });
    const link = await issueOneTimeLink(tx, { user, purpose: "INVITE", createdById: actorId, now });
    await recordAccountEvent(tx, { actorId, subjectId: user.id, action: "user_invited", detail: { role, expiresAt: link.expiresAt }, now });
    return { userId: user.id, link };
  });
  return { user: await getUserListItem({ userId, now }), link };
}
