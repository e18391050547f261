// The second step of signing in to an account with two-step sign-in on. The
// password step answers with a challenge: 256 random bits, only its sha256
// stored, good for 5 minutes and one sign-in. The code step gives it back with
// a code (from the app, or a recovery code):
// - every code counts against the sign-in throttle of the account and the
//   address (reserved before checking, like a password), so codes cannot be
//   brute-forced; a right code gives back this step's and the password step's
//   counts;
// - a challenge takes MAX_CHALLENGE_FAILURES wrong codes, then the password is
//   needed again;
// - a TOTP code is accepted once (spendSecondFactor), a recovery code once.
import { randomBytes } from "node:crypto";
import { CHALLENGE_TTL_MS, MAX_CHALLENGE_FAILURES } from "../accounts/two-factor-rules";
import { SecondFactorSignInInput } from "../accounts/two-factor.schema";
import type { SecondFactorNeeded } from "../accounts/two-factor-view";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { spendSecondFactor } from "./second-factor.server";
import { createSession, hashToken, type SessionUser } from "./session.server";
import { reserveSignInAttempt, settleSuccessfulSignIn } from "./throttle.server";

const START_AGAIN = "this sign-in has expired: enter your email and password again";

export async function issueSignInChallenge({ userId, now = new Date() }: { userId: string; now?: Date }): Promise<SecondFactorNeeded> {
  const challenge = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + CHALLENGE_TTL_MS);
  await db.$transaction([
    // Spent and expired challenges (anyone's) go; a person has at most a few open.
    db.signInChallenge.deleteMany({ where: { OR: [{ expiresAt: { lte: now } }, { usedAt: { not: null } }] } }),
    db.signInChallenge.create({ data: { id: hashToken(challenge), userId, createdAt: now, expiresAt } }),
  ]);
  return { needsSecondFactor: true, challenge, expiresAt: expiresAt.toISOString() };
}

/** Checks the code for a challenge; on success the challenge is spent and a session created. */
export async function completeSecondFactorSignIn(args: {
  input: SecondFactorSignInInput;
  ip: string;
  userAgent?: string;
  now?: Date;
}): Promise<{ user: SessionUser; token: string; expiresAt: Date; recoveryCodesLeft: number; via: "totp" | "recovery" }> {
  const now = args.now ?? new Date();
  const { challenge, code } = SecondFactorSignInInput.parse(args.input);
  const id = hashToken(challenge);
  const row = await db.signInChallenge.findUnique({ where: { id }, include: { user: true } });
  if (!row || row.usedAt || row.expiresAt <= now || row.failures >= MAX_CHALLENGE_FAILURES || !row.user.active || !row.user.totpEnabledAt) {
    throw new DomainError("not_signed_in", START_AGAIN, { details: { startAgain: true } });
  }
  const { user } = row;
  await reserveSignInAttempt({ email: user.email, ip: args.ip, now });
  const result = await spendSecondFactor({ user, input: code, context: "sign_in", now });
  if (!result.ok) {
    const { failures } = await db.signInChallenge.update({ where: { id }, data: { failures: { increment: 1 } } });
    if (failures >= MAX_CHALLENGE_FAILURES) throw new DomainError("not_signed_in", `too many wrong codes: ${START_AGAIN}`, { details: { startAgain: true } });
    throw new DomainError("not_signed_in", result.reason);
  }
  const { count } = await db.signInChallenge.updateMany({ where: { id, usedAt: null }, data: { usedAt: now } });
  if (count !== 1) throw new DomainError("not_signed_in", START_AGAIN, { details: { startAgain: true } });
  // This step's attempt and the password step's, both good.
  await settleSuccessfulSignIn({ email: user.email, ip: args.ip });
  await settleSuccessfulSignIn({ email: user.email, ip: args.ip });
  const session = await createSession({ userId: user.id, userAgent: args.userAgent, now });
  return { user: { id: user.id, email: user.email, name: user.name, role: user.role }, ...session, recoveryCodesLeft: result.recoveryCodesLeft, via: result.via };
}
