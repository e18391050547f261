// Sign-in: real Argon2 hashes, sessions, and throttling per account and per address.
import { beforeAll, describe, expect, it } from "vitest";
import { signIn } from "@/lib/auth/sign-in.server";
import { findSessionUser, destroySession } from "@/lib/auth/session.server";
import { THROTTLE } from "@/lib/auth/throttle.server";
import { createUser as createAccount } from "@/lib/auth/users.server";
import { db } from "@/lib/db.server";
import { DomainError } from "@/lib/errors";

const PASSWORD = "correct horse battery";

beforeAll(async () => {
  await createAccount({ email: "Person@Example.org", role: "analyst", password: PASSWORD });
});

async function attempt(email: string, password: string, ip: string) {
  return signIn({ input: { email, password }, ip }).catch((e: unknown) => e as DomainError);
}

describe("sign-in", () => {
  it("stores an Argon2id hash, never the password, and signs in case-insensitively", async () => {
    const row = await db.user.findUniqueOrThrow({ where: { email: "person@example.org" } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain(PASSWORD);
    const ok = await attempt("PERSON@example.org", PASSWORD, "10.0.0.1");
    expect(ok).not.toBeInstanceOf(Error);
    const { token } = ok as Exclude<typeof ok, DomainError>;
    expect((await findSessionUser(token))?.email).toBe("person@example.org");
    // Only the token's hash is in the database.
    expect(await db.session.count({ where: { id: token } })).toBe(0);
    await destroySession(token);
    expect(await findSessionUser(token)).toBeNull();
  });

  it("refuses a wrong password with the same words as an unknown email", async () => {
    const wrong = await attempt("person@example.org", "nope", "10.0.0.2");
    const unknown = await attempt("nobody@example.org", "nope", "10.0.0.2");
    expect((wrong as DomainError).message).toBe((unknown as DomainError).message);
  });

  it(`stops an address after ${THROTTLE.pair.max} failures at an account, with Retry-After, even with the right password`, async () => {
    await createAccount({ email: "target@example.org", role: "editor", password: PASSWORD });
    for (let i = 0; i < THROTTLE.pair.max; i++) {
      expect(((await attempt("target@example.org", "guess", "10.1.0.1")) as DomainError).code).toBe("not_signed_in");
    }
    const locked = (await attempt("target@example.org", PASSWORD, "10.1.0.1")) as DomainError;
    expect(locked.code).toBe("rate_limited");
    expect(locked.retryAfterS).toBeGreaterThan(0);
    expect(locked.retryAfterS).toBeLessThanOrEqual(THROTTLE.pair.baseDelayMs / 1000);
    // The owner at another address is not locked out (tests/db/sign-in-throttle.test.ts has the attacks).
    expect(await attempt("target@example.org", PASSWORD, "10.1.1.1")).not.toBeInstanceOf(Error);
  });

  it("throttles unknown emails too, so locking does not reveal which accounts exist", async () => {
    for (let i = 0; i < THROTTLE.pair.max; i++) await attempt("ghost@example.org", "guess", "10.2.0.1");
    expect(((await attempt("ghost@example.org", "guess", "10.2.0.1")) as DomainError).code).toBe("rate_limited");
    for (let i = 0; i < THROTTLE.account.max; i++) await attempt("ghost2@example.org", "guess", `10.2.1.${i % 5}`);
    expect(((await attempt("ghost2@example.org", "guess", "10.2.1.0")) as DomainError).code).toBe("rate_limited");
  });

  it("does not count a successful sign-in against the address", async () => {
    for (let i = 0; i < THROTTLE.address.max + 5; i++) {
      expect(await attempt("person@example.org", PASSWORD, "10.5.0.1")).not.toBeInstanceOf(Error);
    }
  });

  it(`locks an address after ${THROTTLE.address.max} failures across many emails`, async () => {
    for (let i = 0; i < THROTTLE.address.max; i++) await attempt(`spray${i}@example.org`, "guess", "10.3.0.1");
    const locked = (await attempt("person@example.org", PASSWORD, "10.3.0.1")) as DomainError;
    expect(locked.code).toBe("rate_limited");
    // The same account from another address still works.
    expect(await attempt("person@example.org", PASSWORD, "10.3.0.2")).not.toBeInstanceOf(Error);
  });
});
