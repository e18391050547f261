// `sitewatch user reset-password --password-stdin`: whoever runs the command on
// the server sets the password directly (the way back in when the last admin
// forgot theirs). Every session of the account ends; open links are revoked.
import { hashPassword } from "../auth/password.server";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { getUserOrThrow } from "./account-actor.server";
import { recordAccountEvent } from "./account-events.server";
import { NewPassword } from "./account.schema";
import { revokeOpenLinks } from "./one-time-link.server";

export async function setPasswordFromCli({ userId, password, now = new Date() }: { userId: string; password: string; now?: Date }): Promise<{ sessionsEnded: number }> {
  const parsed = NewPassword.parse(password);
  const user = await getUserOrThrow(userId);
  if (!user.active) throw new DomainError("conflict", `${user.email} is deactivated: reactivate the account first`);
  const passwordHash = await hashPassword(parsed);
  return db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash } });
    const { count: sessionsEnded } = await tx.session.deleteMany({ where: { userId } });
    await revokeOpenLinks(tx, { userId, now });
    await recordAccountEvent(tx, { actorId: null, subjectId: userId, action: "password_set_by_cli", detail: { sessionsEnded }, now });
    return { sessionsEnded };
  });
}
