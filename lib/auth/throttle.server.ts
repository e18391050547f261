// Sign-in throttling per account and per address, stored in the database so it
// holds across restarts and processes. An attempt is counted *before* the
// password is checked, in one transaction, so parallel guesses cannot all slip
// in before the lock; a successful sign-in gives its count back. Unknown
// emails are counted like known ones, so the answer does not reveal which
// accounts exist.
import { DomainError } from "../errors";
import { db } from "../db.server";

export const THROTTLE = {
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
  maxFailuresPerAccount: 5,
  maxFailuresPerAddress: 20,
} as const;

/** The throttle rows one attempt counts against: the account (email, case-folded) and the client address, each with its failure limit. */
export function throttleKeys({ email, ip }: { email: string; ip: string }): { key: string; max: number }[] {
  return [
    { key: `email:${email.trim().toLowerCase()}`, max: THROTTLE.maxFailuresPerAccount },
    { key: `ip:${ip}`, max: THROTTLE.maxFailuresPerAddress },
  ];
}

function rateLimited(lockedUntilMs: number, now: Date): DomainError {
  const retryAfterS = Math.max(1, Math.ceil((lockedUntilMs - now.getTime()) / 1000));
  return new DomainError("rate_limited", `too many failed sign-ins; try again in ${Math.ceil(retryAfterS / 60)} minute(s)`, { retryAfterS });
}

/**
 * Counts one sign-in attempt against the account and the address, or throws
 * rate_limited (with Retry-After seconds) if either is locked. The attempt
 * counts as a failure until `settleSuccessfulSignIn` says otherwise.
 */
export async function reserveSignInAttempt({ email, ip, now = new Date() }: { email: string; ip: string; now?: Date }): Promise<void> {
  const keys = throttleKeys({ email, ip });
  await db.$transaction(async (tx) => {
    const rows = await tx.loginThrottle.findMany({ where: { key: { in: keys.map((k) => k.key) } } });
    const lockedUntil = Math.max(0, ...rows.map((r) => r.lockedUntil?.getTime() ?? 0));
    if (lockedUntil > now.getTime()) throw rateLimited(lockedUntil, now);
    for (const { key, max } of keys) {
      const row = rows.find((r) => r.key === key);
      const fresh = !row || now.getTime() - row.windowStartedAt.getTime() > THROTTLE.windowMs;
      const failures = fresh ? 1 : row.failures + 1;
      const locked = failures >= max ? new Date(now.getTime() + THROTTLE.lockMs) : null;
      await tx.loginThrottle.upsert({
        where: { key },
        create: { key, failures, windowStartedAt: now, lockedUntil: locked },
        update: { failures, windowStartedAt: fresh ? now : row.windowStartedAt, lockedUntil: locked },
      });
    }
  });
}

/**
 * A good password: the account's counter is cleared, and the address gets this
 * attempt back (but not its earlier failures: one good sign-in must not unlock
 * an address that was guessing at other accounts).
 */
export async function settleSuccessfulSignIn({ email, ip }: { email: string; ip: string }): Promise<void> {
  const [account, address] = throttleKeys({ email, ip });
  await db.$transaction(async (tx) => {
    await tx.loginThrottle.deleteMany({ where: { key: account!.key } });
    const row = await tx.loginThrottle.findUnique({ where: { key: address!.key } });
    if (!row) return;
    const failures = Math.max(0, row.failures - 1);
    await tx.loginThrottle.update({
      where: { key: address!.key },
      data: { failures, lockedUntil: failures >= address!.max ? row.lockedUntil : null },
    });
  });
}
