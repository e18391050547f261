// Sign-in throttling per account and per address, stored in the database so it
// holds across restarts and processes. Unknown emails are counted like known
// ones, so the answer does not reveal which accounts exist.
import { DomainError } from "../errors";
import { db } from "../db.server";

export const THROTTLE = {
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
  maxFailuresPerAccount: 5,
  maxFailuresPerAddress: 20,
} as const;

export function throttleKeys(email: string, ip: string): { key: string; max: number }[] {
  return [
    { key: `email:${email.trim().toLowerCase()}`, max: THROTTLE.maxFailuresPerAccount },
    { key: `ip:${ip}`, max: THROTTLE.maxFailuresPerAddress },
  ];
}

/** Throws rate_limited (with Retry-After seconds) if any key is locked. */
export async function assertNotThrottled(email: string, ip: string, now = new Date()): Promise<void> {
  const rows = await db.loginThrottle.findMany({ where: { key: { in: throttleKeys(email, ip).map((k) => k.key) } } });
  const lockedUntil = rows
    .map((r) => r.lockedUntil?.getTime() ?? 0)
    .reduce((a, b) => Math.max(a, b), 0);
  if (lockedUntil > now.getTime()) {
    const retryAfterS = Math.ceil((lockedUntil - now.getTime()) / 1000);
    throw new DomainError("rate_limited", `too many failed sign-ins; try again in ${Math.ceil(retryAfterS / 60)} minute(s)`, { retryAfterS });
  }
}

export async function recordFailedSignIn(email: string, ip: string, now = new Date()): Promise<void> {
  for (const { key, max } of throttleKeys(email, ip)) {
    await db.$transaction(async (tx) => {
      const row = await tx.loginThrottle.findUnique({ where: { key } });
      const fresh = !row || now.getTime() - row.windowStartedAt.getTime() > THROTTLE.windowMs;
      const failures = fresh ? 1 : row.failures + 1;
      const lockedUntil = failures >= max ? new Date(now.getTime() + THROTTLE.lockMs) : (row?.lockedUntil ?? null);
      await tx.loginThrottle.upsert({
        where: { key },
        create: { key, failures, windowStartedAt: now, lockedUntil },
        update: { failures, windowStartedAt: fresh ? now : row.windowStartedAt, lockedUntil },
      });
    });
  }
}

/** A good password clears the account's counter (not the address's: one good login must not unlock a guessing address). */
export async function clearAccountThrottle(email: string): Promise<void> {
  await db.loginThrottle.deleteMany({ where: { key: `email:${email.trim().toLowerCase()}` } });
}
