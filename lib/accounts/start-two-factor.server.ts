// Starts enrolment in two-step sign-in: a new secret, answered once (QR code
// and text) to the person, stored but not in force until a code from the app
// confirms it (confirmTwoFactor). Starting again replaces an unconfirmed
// secret; refused while two-step sign-in is on (turn it off first).
import type { SessionUser } from "../auth/session.server";
import { newTotpSecret, totpQrSvg, totpUri } from "../auth/totp.server";
import { db } from "../db.server";
import { DomainError } from "../errors";
import type { TwoFactorEnrolmentView } from "./two-factor-view";

export async function startTwoFactor({ actor }: { actor: SessionUser }): Promise<TwoFactorEnrolmentView> {
  const secret = newTotpSecret();
  const { count } = await db.user.updateMany({ where: { id: actor.id, active: true, totpEnabledAt: null }, data: { totpSecret: secret, totpLastTimeStep: null } });
  if (count !== 1) throw new DomainError("conflict", "two-step sign-in is already on: turn it off first to set up another app");
  const otpauthUri = totpUri({ secret, email: actor.email });
  return { secret, otpauthUri, qrSvg: await totpQrSvg(otpauthUri) };
}
