// Whether a person has two-step sign-in on, and how many recovery codes they have left (never the secret).
import { db } from "../db.server";
import { countUnusedRecoveryCodes } from "./recovery-codes.server";
import type { TwoFactorStatusView } from "./two-factor-view";

export async function getTwoFactorStatus(userId: string): Promise<TwoFactorStatusView> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { totpEnabledAt: true } });
  if (!user.totpEnabledAt) return { enabled: false, enabledAt: null, recoveryCodesLeft: 0 };
  return { enabled: true, enabledAt: user.totpEnabledAt.toISOString(), recoveryCodesLeft: await countUnusedRecoveryCodes(db, userId) };
}
