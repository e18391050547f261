import { z } from "zod";
import type { SecondFactorNeeded } from "../accounts/two-factor-view";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { getDummyHash, verifyPassword } from "./password.server";
import { createSession, type SessionUser } from "./session.server";
import { issueSignInChallenge } from "./sign-in-challenge.server";
import { reserveSignInAttempt, settleSuccessfulSignIn } from "./throttle.server";

export const SignInInput = z.object({
  email: z.string().trim().toLowerCase().email("enter an email address").max(320),
  password: z.string().min(1, "enter your password").max(1024),
});
export type SignInInput = z.infer<typeof SignInInput>;

export type SignInResult = { user: SessionUser; token: string; expiresAt: Date } | SecondFactorNeeded;

/**
 * Checks the password under throttling; returns a new session token, or — for
 * an account with two-step sign-in on — a challenge for the second step and no
 * session. Then the attempt stays counted until the code is right
 * (completeSecondFactorSignIn), so a guesser who has the password cannot
 * clear the throttle with it between guesses at the code.
 */
export async function signInWithPassword(args: { input: z.input<typeof SignInInput>; ip: string; userAgent?: string; now?: Date }): Promise<SignInResult> {
  const { email, password } = SignInInput.parse(args.input);
  await reserveSignInAttempt({ email, ip: args.ip });
  const user = await db.user.findUnique({ where: { email } });
  const ok = await verifyPassword({ passwordHash: user?.passwordHash ?? (await getDummyHash()), password });
  if (!user || !ok || !user.active) throw new DomainError("not_signed_in", "wrong email or password");
  if (user.totpEnabledAt && user.totpSecret) return issueSignInChallenge({ userId: user.id, now: args.now });
  await settleSuccessfulSignIn({ email, ip: args.ip });
  const session = await createSession({ userId: user.id, userAgent: args.userAgent });
  return { user: { id: user.id, email: user.email, name: user.name, role: user.role }, ...session };
}

/** The password step for callers that need a session from it (tests, scripts): refused when the account also needs a code. */
export async function signIn(args: { input: z.input<typeof SignInInput>; ip: string; userAgent?: string; now?: Date }): Promise<{
  user: SessionUser;
  token: string;
  expiresAt: Date;
}> {
  const result = await signInWithPassword(args);
  if ("needsSecondFactor" in result) throw new DomainError("not_signed_in", "this account has two-step sign-in on: a code is needed as well");
  return result;
}
