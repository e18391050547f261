// One-time recovery codes: ten random codes of 50 bits each, shown once when
// two-step sign-in is turned on; the database keeps only their sha256 (like
// session tokens: random enough that a fast hash is safe), and a used code is
// marked, never accepted again.
import { randomInt } from "node:crypto";
import { hashToken } from "../auth/session.server";
import type { Tx } from "../db.server";
import { formatRecoveryCode, RECOVERY_ALPHABET, RECOVERY_CODE_COUNT, RECOVERY_CODE_LENGTH } from "./two-factor-rules";

function newRecoveryCode(): string {
  return Array.from({ length: RECOVERY_CODE_LENGTH }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join("");
}

/** Replaces the person's recovery codes with new ones; returns them formatted ("abcde-fghjk"), the only time they are seen. */
export async function issueRecoveryCodes(tx: Tx, { userId, now }: { userId: string; now: Date }): Promise<string[]> {
  await tx.recoveryCode.deleteMany({ where: { userId } });
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await tx.recoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: hashToken(`recovery:${code}`), createdAt: now })) });
  return codes.map(formatRecoveryCode);
}

/** Uses one recovery code (normalised, see parseSecondFactorCode): true when it was the person's and unused; a conditional update, so two tabs cannot both use it. */
export async function useRecoveryCode(tx: Tx, { userId, code, now }: { userId: string; code: string; now: Date }): Promise<boolean> {
  const { count } = await tx.recoveryCode.updateMany({ where: { userId, codeHash: hashToken(`recovery:${code}`), usedAt: null }, data: { usedAt: now } });
  return count === 1;
}

export function countUnusedRecoveryCodes(tx: Tx, userId: string): Promise<number> {
  return tx.recoveryCode.count({ where: { userId, usedAt: null } });
}
