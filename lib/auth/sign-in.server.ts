import { z } from "zod";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { getDummyHash, verifyPassword } from "./password.server";
import { createSession, type SessionUser } from "./session.server";
import { reserveSignInAttempt, settleSuccessfulSignIn } from "./throttle.server";

export const SignInInput = z.object({
  email: z.string().trim().toLowerCase().email("enter an email address").max(320),
  password: z.string().min(1, "enter your password").max(1024),
});
export type SignInInput = z.infer<typeof SignInInput>;

/** Checks the password under throttling; returns a new session token. */
export async function signIn(args: { input: z.input<typeof SignInInput>; ip: string; userAgent?: string }): Promise<{
  user: SessionUser;
  token: string;
  expiresAt: Date;
}> {
  const { email, password } = SignInInput.parse(args.input);
  await reserveSignInAttempt({ email, ip: args.ip });
  const user = await db.user.findUnique({ where: { email } });
  const ok = await verifyPassword({ passwordHash: user?.passwordHash ?? (await getDummyHash()), password });
  if (!user || !ok || !user.active) throw new DomainError("not_signed_in", "wrong email or password");
  await settleSuccessfulSignIn({ email, ip: args.ip });
  const session = await createSession({ userId: user.id, userAgent: args.userAgent });
  return { user: { id: user.id, email: user.email, name: user.name, role: user.role }, ...session };
}
