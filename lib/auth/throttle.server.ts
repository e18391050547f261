// Sign-in throttling that slows a guesser without letting anyone lock the
// owner out (decision record 0010). Three counters, stored in LoginThrottle so
// they hold across restarts and processes:
//   pair:<email>|<address>  failures of one address at one account
//   account:<email>         failures at one account from every address
//   address:<address>       failures of one address at every account
// A counter past its limit locks with a delay that doubles with each further
// failure (capped). The pair and address locks apply as they are; the account
// lock applies only to addresses that have failed at that account lately, so
// a guesser — however many addresses it has — cannot stop the owner signing in
// from an address of their own, while each of its addresses gets at most two
// guesses while the account is locked.
// An attempt is counted *before* the password is checked, in one transaction
// (IMMEDIATE: parallel attempts queue for it), so parallel guesses cannot all
// slip in before the lock; a successful sign-in gives its count back. Unknown
// emails are counted like known ones, so the answer does not reveal which
// accounts exist.
import { isIPv6 } from "node:net";
import type { LoginThrottle, Prisma } from "@prisma/client";
import { DomainError } from "../errors";
import { db } from "../db.server";

interface Limit {
  /** Failures allowed before the counter locks. */
  max: number;
  /** A counter starts again this long after its first failure. */
  windowMs: number;
  /** The lock after the `max`-th failure; each further failure doubles it, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const THROTTLE = {
  /** One address at one account: the guesser's own lane. */
  pair: { max: 5, windowMs: 24 * HOUR, baseDelayMs: MINUTE, maxDelayMs: 15 * MINUTE },
  /**
   * One account from everywhere: slows a guesser spread over many addresses.
   * While it is locked, an address may still fail `triesPerAddressWhileLocked`
   * times at the account (the owner's one typo from a clean address does not
   * shut them out); past that it waits for the lock.
   */
  account: { max: 10, windowMs: 24 * HOUR, baseDelayMs: MINUTE, maxDelayMs: HOUR, triesPerAddressWhileLocked: 2 },
  /** One address at every account: slows password spraying. */
  address: { max: 20, windowMs: HOUR, baseDelayMs: MINUTE, maxDelayMs: 15 * MINUTE },
} as const satisfies { pair: Limit; account: Limit & { triesPerAddressWhileLocked: number }; address: Limit };

/**
 * The address as the throttle counts it: an IPv6 address by its /64 network
 * (one machine commonly holds a whole /64, so counting each address would make
 * every guess come from a "clean" address), an IPv4-mapped IPv6 address as
 * plain IPv4, anything else as it is.
 */
export function throttleAddress(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!isIPv6(ip)) return ip;
  let text = ip.toLowerCase().replace(/%.*$/, "");
  // An IPv4 tail (::1.2.3.4) as two groups.
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = text.slice(0, v4.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, null];
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = tail === null ? left : [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g || "0", 16).toString(16))
    .join(":")}::/64`;
}

/** The counters one attempt counts against. `email` is case-folded; `ip` is the address server.mjs set (IPv6 counted by its /64). */
export function throttleKeys({ email, ip }: { email: string; ip: string }): { pair: string; account: string; address: string } {
  const account = email.trim().toLowerCase();
  const address = throttleAddress(ip);
  return { pair: `pair:${account}|${address}`, account: `account:${account}`, address: `address:${address}` };
}

/** How long a counter at `failures` stays locked, or 0 while under its limit. */
export function lockDelayMs(limit: Limit, failures: number): number {
  if (failures < limit.max) return 0;
  return Math.min(limit.maxDelayMs, limit.baseDelayMs * 2 ** (failures - limit.max));
}

function isCurrent(row: LoginThrottle | undefined, limit: Limit, now: Date): row is LoginThrottle {
  return row !== undefined && now.getTime() - row.windowStartedAt.getTime() <= limit.windowMs;
}

function lockedUntilMs(row: LoginThrottle | undefined, limit: Limit, now: Date): number {
  if (!isCurrent(row, limit, now) || !row.lockedUntil) return 0;
  return row.lockedUntil.getTime() > now.getTime() ? row.lockedUntil.getTime() : 0;
}

function rateLimited(lockedUntilMs: number, now: Date): DomainError {
  const retryAfterS = Math.max(1, Math.ceil((lockedUntilMs - now.getTime()) / 1000));
  const minutes = Math.ceil(retryAfterS / 60);
  return new DomainError("rate_limited", `too many failed sign-ins from this address; try again in ${minutes} minute${minutes === 1 ? "" : "s"}`, {
    retryAfterS,
  });
}

async function countFailure({ tx, key, row, limit, now }: { tx: Prisma.TransactionClient; key: string; row: LoginThrottle | undefined; limit: Limit; now: Date }) {
  const current = isCurrent(row, limit, now);
  const failures = current ? row.failures + 1 : 1;
  const delay = lockDelayMs(limit, failures);
  // Never shorten a lock that is running (a clean address's attempt may count while the account is locked).
  const previous = current && row.lockedUntil ? row.lockedUntil.getTime() : 0;
  const lockedUntil = delay ? new Date(Math.max(previous, now.getTime() + delay)) : current ? row.lockedUntil : null;
  await tx.loginThrottle.upsert({
    where: { key },
    create: { key, failures, windowStartedAt: now, lockedUntil },
    update: { failures, windowStartedAt: current ? row.windowStartedAt : now, lockedUntil },
  });
}

/**
 * Counts one sign-in attempt, or throws rate_limited (with Retry-After seconds)
 * when the address is locked, the pair is locked, or the account is locked and
 * this address has failed at it lately. The attempt counts as a failure until
 * `settleSuccessfulSignIn` says otherwise.
 */
export async function reserveSignInAttempt({ email, ip, now = new Date() }: { email: string; ip: string; now?: Date }): Promise<void> {
  const keys = throttleKeys({ email, ip });
  await db.$transaction(async (tx) => {
    const rows = await tx.loginThrottle.findMany({ where: { key: { in: [keys.pair, keys.account, keys.address] } } });
    const pair = rows.find((r) => r.key === keys.pair);
    const account = rows.find((r) => r.key === keys.account);
    const address = rows.find((r) => r.key === keys.address);
    const failedHereLately = isCurrent(pair, THROTTLE.pair, now) && pair.failures >= THROTTLE.account.triesPerAddressWhileLocked;
    const locks = [lockedUntilMs(address, THROTTLE.address, now), lockedUntilMs(pair, THROTTLE.pair, now), failedHereLately ? lockedUntilMs(account, THROTTLE.account, now) : 0];
    const until = Math.max(...locks);
    if (until > 0) throw rateLimited(until, now);
    await countFailure({ tx, key: keys.pair, row: pair, limit: THROTTLE.pair, now });
    await countFailure({ tx, key: keys.account, row: account, limit: THROTTLE.account, now });
    await countFailure({ tx, key: keys.address, row: address, limit: THROTTLE.address, now });
  });
  // Spent counters go now and then, so a spray of made-up emails does not pile up rows.
  if (Math.random() < 0.02) await forgetSpentCounters(now);
}

/**
 * A good password: this address's failures at this account are forgotten (it
 * is the owner's again), and the account and the address get this attempt
 * back — but not their earlier failures: the owner signing in must not free the
 * addresses that were guessing, nor one good sign-in an address that was
 * guessing at other accounts.
 */
export async function settleSuccessfulSignIn({ email, ip }: { email: string; ip: string }): Promise<void> {
  const keys = throttleKeys({ email, ip });
  await db.$transaction(async (tx) => {
    await tx.loginThrottle.deleteMany({ where: { key: keys.pair } });
    for (const [key, limit] of [
      [keys.account, THROTTLE.account],
      [keys.address, THROTTLE.address],
    ] as const) {
      const row = await tx.loginThrottle.findUnique({ where: { key } });
      if (!row) continue;
      const failures = Math.max(0, row.failures - 1);
      await tx.loginThrottle.update({ where: { key }, data: { failures, lockedUntil: failures >= limit.max ? row.lockedUntil : null } });
    }
  });
}

/** Deletes counters whose window and lock have both run out (the longest window, so none still counting goes). */
export async function forgetSpentCounters(now = new Date()): Promise<number> {
  const longest = Math.max(...Object.values(THROTTLE).map((l) => l.windowMs));
  const { count } = await db.loginThrottle.deleteMany({
    where: { windowStartedAt: { lt: new Date(now.getTime() - longest) }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
  });
  return count;
}
