// The person's current password, checked under the sign-in throttle (a stolen
// session must not be a way to guess it). Throws bad_input when it is wrong;
// the caller settles the attempt once the whole action has succeeded.
import type { User } from "@prisma/client";
import { verifyPassword } from "../auth/password.server";
import { reserveSignInAttempt } from "../auth/throttle.server";
import { DomainError } from "../errors";

export async function verifyOwnPassword({ user, password, ip }: { user: Pick<User, "email" | "passwordHash">; password: string; ip: string }): Promise<void> {
  await reserveSignInAttempt({ email: user.email, ip });
  if (!(await verifyPassword({ passwordHash: user.passwordHash, password }))) {
    throw new DomainError("bad_input", "your current password is not right", { details: [{ path: ["currentPassword"], message: "not right" }] });
  }
}
