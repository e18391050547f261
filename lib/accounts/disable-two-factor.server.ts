// Turns the person's own two-step sign-in off: the current password (under the
// sign-in throttle) and a code — from the app or a recovery code — so neither
// a borrowed browser nor a known password alone can remove it. The secret,
// recovery codes and open sign-in challenges go.
import type { SessionUser } from "../auth/session.server";
import { spendSecondFactor } from "../auth/second-factor.server";
import { settleSuccessfulSignIn } from "../auth/throttle.server";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { recordAccountEvent } from "./account-events.server";
import { DisableTwoFactorInput } from "./two-factor.schema";
import { clearTwoFactor } from "./reset-two-factor.server";
import { verifyOwnPassword } from "./verify-own-password.server";

export async function disableTwoFactor({ actor, input, ip, now = new Date() }: { actor: SessionUser; input: DisableTwoFactorInput; ip: string; now?: Date }): Promise<{
  enabled: false;
}> {
  const { currentPassword, code } = DisableTwoFactorInput.parse(input);
  const user = await db.user.findUnique({ where: { id: actor.id } });
  if (!user || !user.active) throw new DomainError("not_signed_in", "sign in first");
  if (!user.totpEnabledAt) throw new DomainError("conflict", "two-step sign-in is not on");
  await verifyOwnPassword({ user, password: currentPassword, ip });
  const result = await spendSecondFactor({ user, input: code, context: "turn_off", now });
  if (!result.ok) throw new DomainError("bad_input", result.reason, { details: [{ path: ["code"], message: "not right" }] });
  await settleSuccessfulSignIn({ email: user.email, ip });
  await db.$transaction(async (tx) => {
    await clearTwoFactor(tx, user.id);
    await recordAccountEvent(tx, { actorId: user.id, subjectId: user.id, action: "two_factor_disabled", detail: { with: result.via }, now });
  });
  return { enabled: false };
}
