// Checks and spends a second-step code of an account with two-step sign-in on:
// a TOTP code is accepted once (its time step must be later than the last one
// accepted, written with a conditional update so two requests with the same
// code cannot both pass), a recovery code once. Used by sign-in and by turning
// the second factor off. Throttling is the caller's (it knows the address).
import type { User } from "@prisma/client";
import { recordAccountEvent } from "../accounts/account-events.server";
import { countUnusedRecoveryCodes, useRecoveryCode } from "../accounts/recovery-codes.server";
import { parseSecondFactorCode } from "../accounts/two-factor-rules";
import { db } from "../db.server";
import { matchTotp } from "./totp.server";

export type SecondFactorResult = { ok: true; via: "totp" | "recovery"; recoveryCodesLeft: number } | { ok: false; reason: string };

export const WRONG_CODE = "that code is not right: enter the 6-digit code your app shows now, or one of your recovery codes";
export const REPLAYED_CODE = "that code was already used: wait for the next code in your app";

/** Checks `input` against the account's second factor and spends it; records `recovery_code_used` for a recovery code. */
export async function spendSecondFactor({
  user,
  input,
  context,
  now = new Date(),
}: {
  user: Pick<User, "id" | "totpSecret" | "totpEnabledAt">;
  input: string;
  /** Why the code is given, for the audit event of a recovery code. */
  context: "sign_in" | "turn_off";
  now?: Date;
}): Promise<SecondFactorResult> {
  if (!user.totpSecret || !user.totpEnabledAt) return { ok: false, reason: "two-step sign-in is not on for this account" };
  const parsed = parseSecondFactorCode(input);
  if (parsed.kind === "invalid") return { ok: false, reason: WRONG_CODE };
  if (parsed.kind === "totp") {
    const step = await matchTotp({ secret: user.totpSecret, code: parsed.code, now });
    if (step === null) return { ok: false, reason: WRONG_CODE };
    const { count } = await db.user.updateMany({
      where: { id: user.id, totpSecret: user.totpSecret, OR: [{ totpLastTimeStep: null }, { totpLastTimeStep: { lt: step } }] },
      data: { totpLastTimeStep: step },
    });
    if (count !== 1) return { ok: false, reason: REPLAYED_CODE };
    return { ok: true, via: "totp", recoveryCodesLeft: await countUnusedRecoveryCodes(db, user.id) };
  }
  return db.$transaction(async (tx): Promise<SecondFactorResult> => {
    if (!(await useRecoveryCode(tx, { userId: user.id, code: parsed.code, now }))) {
      return { ok: false, reason: "that recovery code is not right or was already used" };
    }
    const recoveryCodesLeft = await countUnusedRecoveryCodes(tx, user.id);
    await recordAccountEvent(tx, { actorId: user.id, subjectId: user.id, action: "recovery_code_used", detail: { context, recoveryCodesLeft }, now });
    return { ok: true, via: "recovery", recoveryCodesLeft };
  });
}
