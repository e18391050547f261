// Sign-in throttling cannot be turned against the owner (decision record 0010):
// a guesser's failures, from one address or fifty, slow the guesser and leave
// the owner's correct sign-in from an address of their own working.
import { beforeAll, describe, expect, it } from "vitest";
import { signIn } from "@/lib/auth/sign-in.server";
import { forgetSpentCounters, lockDelayMs, reserveSignInAttempt, THROTTLE, throttleKeys } from "@/lib/auth/throttle.server";
import { createUser as createAccount } from "@/lib/auth/users.server";
import { db } from "@/lib/db.server";
import { DomainError } from "@/lib/errors";

const PASSWORD = "correct horse battery";

async function attempt(email: string, password: string, ip: string) {
  return signIn({ input: { email, password }, ip }).catch((e: unknown) => e as DomainError);
}
const codeOf = (r: unknown) => (r instanceof DomainError ? r.code : "signed_in");

beforeAll(async () => {
  for (const email of ["owner@example.org", "owner2@example.org", "owner3@example.org", "owner4@example.org", "owner5@example.org", "owner6@example.org"]) {
    await createAccount({ email, role: "editor", password: PASSWORD });
  }
});

describe("sign-in throttling", () => {
  it("an attacker's failures from one address stop that address, not the owner at another", async () => {
    const codes: string[] = [];
    for (let i = 0; i < 30; i++) codes.push(codeOf(await attempt("owner@example.org", `guess-${i}`, "203.0.113.1")));
    // The first guesses are checked; then the attacker's address is stopped.
    expect(codes.slice(0, THROTTLE.pair.max)).toEqual(Array(THROTTLE.pair.max).fill("not_signed_in"));
    expect(codes.slice(THROTTLE.pair.max)).toEqual(Array(30 - THROTTLE.pair.max).fill("rate_limited"));
    // Even the right password from the attacker's address waits, with Retry-After.
    const stopped = (await attempt("owner@example.org", PASSWORD, "203.0.113.1")) as DomainError;
    expect(stopped.code).toBe("rate_limited");
    expect(stopped.retryAfterS).toBeGreaterThan(0);
    // The owner, from their own address, signs in.
    expect(codeOf(await attempt("owner@example.org", PASSWORD, "198.51.100.7"))).toBe("signed_in");
  });

  it("an attacker with a whole IPv6 /64 is one address: a fresh address of the same network gets no fresh guesses", async () => {
    const codes: string[] = [];
    for (let i = 0; i < 20; i++) codes.push(codeOf(await attempt("owner6@example.org", `guess-${i}`, `2001:db8:7:1::${(i + 1).toString(16)}`)));
    expect(codes.filter((c) => c === "not_signed_in")).toHaveLength(THROTTLE.pair.max);
    // The owner, on another network, signs in.
    expect(codeOf(await attempt("owner6@example.org", PASSWORD, "2001:db8:9:2::5"))).toBe("signed_in");
  });

  it("failures from 50 addresses lock the account for those addresses, and the owner still signs in from a clean one", async () => {
    const attackers = Array.from({ length: 50 }, (_, i) => `203.0.113.${100 + i}`);
    // Three rounds of guesses from each of 50 addresses.
    const codes: string[] = [];
    for (let round = 0; round < 3; round++) {
      for (const ip of attackers) codes.push(codeOf(await attempt("owner2@example.org", `guess-${round}-${ip}`, ip)));
    }
    const checked = codes.filter((c) => c === "not_signed_in").length;
    // Slowed per account: without the account counter each address would get its own
    // pair limit (3 × 50 = 150 checked guesses); with it, at most the account's limit
    // plus the few tries an address keeps while the account is locked.
    expect(checked).toBeLessThanOrEqual(THROTTLE.account.max + attackers.length * THROTTLE.account.triesPerAddressWhileLocked);
    expect(checked).toBeLessThan(codes.length);
    // A fourth guess from any of them is refused.
    expect(codeOf(await attempt("owner2@example.org", "guess-again", attackers[7]!))).toBe("rate_limited");
    expect(codeOf(await attempt("owner2@example.org", PASSWORD, attackers[7]!))).toBe("rate_limited");
    // The owner's correct password from a clean address gets in, and again after.
    expect(codeOf(await attempt("owner2@example.org", PASSWORD, "198.51.100.8"))).toBe("signed_in");
    expect(codeOf(await attempt("owner2@example.org", PASSWORD, "198.51.100.8"))).toBe("signed_in");
    // The owner signing in does not free the attacker's addresses.
    expect(codeOf(await attempt("owner2@example.org", "guess-after", attackers[8]!))).toBe("rate_limited");
  });

  it("a distributed guesser gets a bounded number of guesses per address while the account is locked", async () => {
    // Fresh addresses one after the other: each one's guesses are checked until it
    // has failed the allowed number of times at the locked account, then it is refused.
    for (let i = 0; i < THROTTLE.account.max; i++) await attempt("owner3@example.org", "warm-up", `192.0.2.${i}`);
    const fresh = "192.0.2.200";
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) codes.push(codeOf(await attempt("owner3@example.org", `guess-${i}`, fresh)));
    expect(codes).toEqual([
      ...Array(THROTTLE.account.triesPerAddressWhileLocked).fill("not_signed_in"),
      ...Array(5 - THROTTLE.account.triesPerAddressWhileLocked).fill("rate_limited"),
    ]);
  });

  it("the owner's one typo from a clean address during an attack does not shut them out", async () => {
    for (let i = 0; i < THROTTLE.account.max + 5; i++) await attempt("owner4@example.org", "guess", `192.0.2.${50 + i}`);
    expect(codeOf(await attempt("owner4@example.org", "typo", "198.51.100.9"))).toBe("not_signed_in");
    expect(codeOf(await attempt("owner4@example.org", PASSWORD, "198.51.100.9"))).toBe("signed_in");
  });

  it("counts parallel guesses from one address before checking them, so a burst cannot get past the limit", async () => {
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => attempt("owner5@example.org", `guess-${i}`, "203.0.113.250")));
    const codes = results.map(codeOf);
    expect(codes.filter((c) => c === "not_signed_in")).toHaveLength(THROTTLE.pair.max);
    expect(codes.filter((c) => c === "rate_limited")).toHaveLength(12 - THROTTLE.pair.max);
  });

  it("the delay grows with each failure past the limit, up to a cap", () => {
    const delays = Array.from({ length: 12 }, (_, i) => lockDelayMs(THROTTLE.pair, i + 1));
    expect(delays.slice(0, THROTTLE.pair.max - 1).every((d) => d === 0)).toBe(true);
    expect(delays[THROTTLE.pair.max - 1]).toBe(THROTTLE.pair.baseDelayMs);
    expect(delays[THROTTLE.pair.max]).toBe(2 * THROTTLE.pair.baseDelayMs);
    expect(delays.at(-1)).toBe(THROTTLE.pair.maxDelayMs);
  });

  it("an address that keeps failing after its lock runs out waits longer each time", async () => {
    const email = "ghost-backoff@example.org";
    const ip = "203.0.113.251";
    let now = new Date("2030-01-01T00:00:00Z");
    const refusal = async () =>
      reserveSignInAttempt({ email, ip, now }).then(
        () => null,
        (e: DomainError) => e,
      );
    for (let i = 0; i < THROTTLE.pair.max; i++) expect(await refusal()).toBeNull();
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      const e = await refusal();
      expect(e?.code).toBe("rate_limited");
      waits.push(e!.retryAfterS!);
      now = new Date(now.getTime() + e!.retryAfterS! * 1000);
      expect(await refusal()).toBeNull(); // the lock ran out: one more guess is counted
    }
    expect(waits[1]).toBeGreaterThan(waits[0]!);
    expect(waits[2]).toBeGreaterThan(waits[1]!);
  });

  it("spent counters are deleted; live ones stay", async () => {
    const keys = throttleKeys({ email: "old@example.org", ip: "192.0.2.99" });
    await db.loginThrottle.create({ data: { key: keys.pair, failures: 3, windowStartedAt: new Date(Date.now() - 48 * 3600_000) } });
    await db.loginThrottle.create({ data: { key: keys.address, failures: 3, windowStartedAt: new Date() } });
    await forgetSpentCounters();
    expect(await db.loginThrottle.count({ where: { key: keys.pair } })).toBe(0);
    expect(await db.loginThrottle.count({ where: { key: keys.address } })).toBe(1);
  });
});
