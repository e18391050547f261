// Password hashing with Argon2id through @node-rs/argon2 (maintained, prebuilt
// for each platform from the npm registry). See docs/decisions/0002-auth.md.
import { hash, verify } from "@node-rs/argon2";

export { MIN_PASSWORD_LENGTH } from "../accounts/password-rules";

// OWASP's 2024 Argon2id minimum is m=19 MiB, t=2, p=1; we use a little more memory.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** The stored hash of an invited person who has not set a password yet: no password matches it. */
export const NO_PASSWORD = "";

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** Whether `password` matches the stored Argon2id `passwordHash`; false (never a throw) for a malformed or empty hash. */
export async function verifyPassword({ passwordHash, password }: { passwordHash: string; password: string }): Promise<boolean> {
  try {
    // As long as a real check, so the answer does not tell that the account waits for its password.
    if (passwordHash === NO_PASSWORD) return (await verify(await getDummyHash(), password)) && false;
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// A real hash of a random password, verified against when the email is unknown
// so that the answer takes as long as for a known account.
let dummyHash: Promise<string> | null = null;
export function getDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(crypto.randomUUID());
  return dummyHash;
}
