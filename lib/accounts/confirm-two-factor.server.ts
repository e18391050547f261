// Turns two-step sign-in on: the current password (under the sign-in
// throttle) and a code from the app for the secret enrolment made, which
// proves the app has it. Only then is it on; ten recovery codes are issued and
// answered once. The code's time step is spent (it cannot sign in again).
import type { SessionUser } from "../auth/session.server";
import { settleSuccessfulSignIn } from "../auth/throttle.server";
import { matchTotp } from "../auth/totp.server";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { recordAccountEvent } from "./account-events.server";
import { issueRecoveryCodes } from "./recovery-codes.server";
import { ConfirmTwoFactorInput } from "./two-factor.schema";
import { parseSecondFactorCode } from "./two-factor-rules";
import { verifyOwnPassword } from "./verify-own-password.server";

export async function confirmTwoFactor({ actor, input, ip, now = new Date() }: { actor: SessionUser; input: ConfirmTwoFactorInput; ip: string; now?: Date }): Promise<{
  recoveryCodes: string[];
}> {
  const { currentPassword, code } = ConfirmTwoFactorInput.parse(input);
  const user = await db.user.findUnique({ where: { id: actor.id } });
  if (!user || !user.active) throw new DomainError("not_signed_in", "sign in first");
  if (user.totpEnabledAt) throw new DomainError("conflict", "two-step sign-in is already on");
  const secret = user.totpSecret;
  if (!secret) throw new DomainError("conflict", "start setting up two-step sign-in first");
  await verifyOwnPassword({ user, password: currentPassword, ip });
  const parsed = parseSecondFactorCode(code);
  const step = parsed.kind === "totp" ? await matchTotp({ secret, code: parsed.code, now }) : null;
  if (step === null) {
    throw new DomainError("bad_input", "that code is not right: enter the 6-digit code your app shows now (check that the phone's clock is right)", {
      details: [{ path: ["code"], message: "not right" }],
    });
  }
  await settleSuccessfulSignIn({ email: user.email, ip });
  return db.$transaction(async (tx) => {
    // Unchanged since it was read: enrolment started again in another tab wins, this one is refused.
    const { count } = await tx.user.updateMany({ where: { id: user.id, totpSecret: secret, totpEnabledAt: null }, data: { totpEnabledAt: now, totpLastTimeStep: step } });
    if (count !== 1) throw new DomainError("conflict", "two-step sign-in was set up again meanwhile: use the latest QR code");
    const recoveryCodes = await issueRecoveryCodes(tx, { userId: user.id, now });
    await recordAccountEvent(tx, { actorId: user.id, subjectId: user.id, action: "two_factor_enabled", detail: { recoveryCodes: recoveryCodes.length }, now });
    return { recoveryCodes };
  });
}
