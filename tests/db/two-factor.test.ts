// Two-step sign-in (TOTP with recovery codes): enrolment needs a valid code,
// sign-in needs the code once it is on, wrong codes count against the sign-in
// throttle, a code is accepted once, a recovery code once, an admin can reset
// it, and every step is an account event — through the lib verbs the routes call.
import type { Role } from "@prisma/client";
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { listAccountEvents } from "@/lib/accounts/account-events.server";
import { confirmTwoFactor } from "@/lib/accounts/confirm-two-factor.server";
import { disableTwoFactor } from "@/lib/accounts/disable-two-factor.server";
import { listUsers } from "@/lib/accounts/list-users.server";
import { resetTwoFactor } from "@/lib/accounts/reset-two-factor.server";
import { startTwoFactor } from "@/lib/accounts/start-two-factor.server";
import { getTwoFactorStatus } from "@/lib/accounts/two-factor-status.server";
import { CHALLENGE_TTL_MS, RECOVERY_CODE_COUNT } from "@/lib/accounts/two-factor-rules";
import type { SecondFactorNeeded } from "@/lib/accounts/two-factor-view";
import { hashPassword } from "@/lib/auth/password.server";
import { findSessionUser, type SessionUser } from "@/lib/auth/session.server";
import { completeSecondFactorSignIn } from "@/lib/auth/sign-in-challenge.server";
import { signIn, signInWithPassword } from "@/lib/auth/sign-in.server";
import { currentTotp } from "@/lib/auth/totp.server";
import { db } from "@/lib/db.server";
import { DomainError } from "@/lib/errors";
import { createUser } from "../factories";

const PASSWORD = "a long enough password";
let ipSeq = 0;
/** Each test its own address, so throttle counters of one test do not reach another. */
const freshIp = () => `10.9.0.${++ipSeq}`;

async function createPerson(role: Role): Promise<SessionUser> {
  const u = await createUser(role);
  await db.user.update({ where: { id: u.id }, data: { passwordHash: await hashPassword(PASSWORD) } });
  return u;
}

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (e instanceof ZodError) return new DomainError("bad_input", e.issues[0]?.message ?? "");
  expect(e, "expected a refusal").toBeInstanceOf(DomainError);
  return e as DomainError;
}

async function actionsAbout(userId: string): Promise<string[]> {
  return (await listAccountEvents({ subjectId: userId, limit: 100 })).map((e) => e.action).reverse();
}

/** A person with two-step sign-in on: their secret (as the page showed it) and recovery codes. */
async function enrolled(role: Role = "EDITOR") {
  const person = await createPerson(role);
  const { secret } = await startTwoFactor({ actor: person });
  // A code of the step before now: the sign-ins that follow use the current step, later than the one enrolment spent.
  const code = await currentTotp({ secret, now: new Date(Date.now() - 30_000) });
  const { recoveryCodes } = await confirmTwoFactor({ actor: person, input: { currentPassword: PASSWORD, code }, ip: freshIp() });
  return { person, secret, recoveryCodes };
}

async function passwordStep(person: SessionUser, ip: string): Promise<SecondFactorNeeded> {
  const r = await signInWithPassword({ input: { email: person.email, password: PASSWORD }, ip });
  expect(r).toMatchObject({ needsSecondFactor: true });
  return r as SecondFactorNeeded;
}

describe("enrolment", () => {
  it("answers a secret once, and is on only after a valid code with the password; ten recovery codes, an event", async () => {
    const person = await createPerson("EDITOR");
    const ip = freshIp();
    const start = await startTwoFactor({ actor: person });
    expect(start.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(start.otpauthUri).toMatch(/^otpauth:\/\/totp\/Sitewatch:/);
    expect(start.otpauthUri).toContain(`secret=${start.secret}`);
    expect(start.qrSvg).toMatch(/^<svg/);
    expect(await getTwoFactorStatus(person.id)).toMatchObject({ enabled: false });

    const wrongCode = await refusal(confirmTwoFactor({ actor: person, input: { currentPassword: PASSWORD, code: "000000" }, ip }));
    expect(wrongCode.code).toBe("bad_input");
    expect(wrongCode.message).toMatch(/code is not right/);
    const wrongPassword = await refusal(confirmTwoFactor({ actor: person, input: { currentPassword: "not it", code: await currentTotp({ secret: start.secret }) }, ip }));
    expect(wrongPassword.message).toMatch(/current password is not right/);
    expect(await getTwoFactorStatus(person.id)).toMatchObject({ enabled: false });
    // Not on yet: the password alone still signs in.
    expect((await signIn({ input: { email: person.email, password: PASSWORD }, ip })).user.id).toBe(person.id);

    const { recoveryCodes } = await confirmTwoFactor({ actor: person, input: { currentPassword: PASSWORD, code: await currentTotp({ secret: start.secret }) }, ip });
    expect(recoveryCodes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(recoveryCodes).size).toBe(RECOVERY_CODE_COUNT);
    for (const c of recoveryCodes) expect(c).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    expect(await getTwoFactorStatus(person.id)).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });
    // Only hashes are stored.
    const stored = await db.recoveryCode.findMany({ where: { userId: person.id } });
    expect(stored.map((r) => r.codeHash).join()).not.toContain(recoveryCodes[0]!.replace("-", ""));
    expect(await actionsAbout(person.id)).toEqual(["two_factor_enabled"]);

    // On: starting again is refused (turn it off first); the secret stays.
    expect((await refusal(startTwoFactor({ actor: person }))).code).toBe("conflict");
    expect((await db.user.findUniqueOrThrow({ where: { id: person.id } })).totpSecret).toBe(start.secret);
  });

  it("a recovery code cannot confirm enrolment, and starting again replaces an unconfirmed secret", async () => {
    const person = await createPerson("ADMIN");
    const first = await startTwoFactor({ actor: person });
    const second = await startTwoFactor({ actor: person });
    expect(second.secret).not.toBe(first.secret);
    const stale = await refusal(confirmTwoFactor({ actor: person, input: { currentPassword: PASSWORD, code: await currentTotp({ secret: first.secret }) }, ip: freshIp() }));
    expect(stale.code).toBe("bad_input");
    expect((await refusal(confirmTwoFactor({ actor: person, input: { currentPassword: PASSWORD, code: "abcde-fghjk" }, ip: freshIp() }))).code).toBe("bad_input");
  });

  it("no view shows the secret: status, the admin list", async () => {
    const { person, secret } = await enrolled();
    expect(JSON.stringify(await getTwoFactorStatus(person.id))).not.toContain(secret);
    const users = await listUsers();
    expect(JSON.stringify(users)).not.toContain(secret);
    expect(users.find((u) => u.id === person.id)?.twoFactor).toBe(true);
  });
});

describe("signing in", () => {
  it("a right password gives a challenge and no session; the code gives the session; the challenge is used once", async () => {
    const { person, secret } = await enrolled();
    const ip = freshIp();
    const sessionsBefore = await db.session.count({ where: { userId: person.id } });
    const step = await passwordStep(person, ip);
    expect(step.challenge.length).toBeGreaterThanOrEqual(40);
    expect(await db.session.count({ where: { userId: person.id } })).toBe(sessionsBefore);
    // The password-only entry point refuses such an account.
    expect((await refusal(signIn({ input: { email: person.email, password: PASSWORD }, ip }))).code).toBe("not_signed_in");

    const code = await currentTotp({ secret });
    const done = await completeSecondFactorSignIn({ input: { challenge: step.challenge, code }, ip });
    expect(done.user.id).toBe(person.id);
    expect(done.via).toBe("totp");
    expect((await findSessionUser(done.token))?.id).toBe(person.id);

    const again = await refusal(completeSecondFactorSignIn({ input: { challenge: step.challenge, code }, ip }));
    expect(again.code).toBe("not_signed_in");
    expect(again.details).toEqual({ startAgain: true });
  });

  it("a wrong password never reaches the second step", async () => {
    const { person } = await enrolled();
    expect((await refusal(signInWithPassword({ input: { email: person.email, password: "wrong password" }, ip: freshIp() }))).message).toBe("wrong email or password");
  });

  it("a code is accepted once: the same code again, or an older code after a newer one, is refused", async () => {
    const { person, secret } = await enrolled();
    const ip = freshIp();
    const now = new Date();
    const later = new Date(now.getTime() + 30_000);
    const code = await currentTotp({ secret, now });
    await completeSecondFactorSignIn({ input: { challenge: (await passwordStep(person, ip)).challenge, code }, ip, now });
    const replay = await refusal(completeSecondFactorSignIn({ input: { challenge: (await passwordStep(person, ip)).challenge, code }, ip, now }));
    expect(replay.code).toBe("not_signed_in");
    expect(replay.message).toMatch(/already used/);

    // The next step's code is fine; then the older one (still within the tolerance) is not.
    await completeSecondFactorSignIn({ input: { challenge: (await passwordStep(person, ip)).challenge, code: await currentTotp({ secret, now: later }) }, ip, now: later });
    const older = await refusal(completeSecondFactorSignIn({ input: { challenge: (await passwordStep(person, ip)).challenge, code }, ip, now: later }));
    expect(older.message).toMatch(/already used/);
  });

  it("wrong codes count against the sign-in throttle: past the limit even the right code waits (429)", async () => {
    const { person, secret } = await enrolled();
    const ip = freshIp();
    const { challenge } = await passwordStep(person, ip); // attempt 1 (stays counted until a right code)
    for (const wrong of ["111111", "222222", "333333", "444444"]) {
      const e = await refusal(completeSecondFactorSignIn({ input: { challenge, code: wrong }, ip }));
      expect(e.code).toBe("not_signed_in");
      expect(e.message).toMatch(/code is not right/);
    }
    const limited = await refusal(completeSecondFactorSignIn({ input: { challenge, code: await currentTotp({ secret }) }, ip }));
    expect(limited.code).toBe("rate_limited");
    expect(limited.retryAfterS).toBeGreaterThan(0);
    // A fresh password step from that address is throttled too: the codes counted like passwords.
    expect((await refusal(signInWithPassword({ input: { email: person.email, password: PASSWORD }, ip }))).code).toBe("rate_limited");
  });

  it("a challenge takes five wrong codes, then the password is needed again", async () => {
    const { person, secret } = await enrolled();
    // Spread over addresses so the throttle is not what stops it.
    const { challenge } = await passwordStep(person, freshIp());
    for (let i = 0; i < 5; i++) await refusal(completeSecondFactorSignIn({ input: { challenge, code: "999999" }, ip: freshIp() }));
    const e = await refusal(completeSecondFactorSignIn({ input: { challenge, code: await currentTotp({ secret }) }, ip: freshIp() }));
    expect(e.details).toEqual({ startAgain: true });
  });

  it("a right code after a few wrong ones clears this address's count", async () => {
    const { person, secret } = await enrolled();
    const ip = freshIp();
    const { challenge } = await passwordStep(person, ip);
    await refusal(completeSecondFactorSignIn({ input: { challenge, code: "123123" }, ip }));
    await refusal(completeSecondFactorSignIn({ input: { challenge, code: "321321" }, ip }));
    await completeSecondFactorSignIn({ input: { challenge, code: await currentTotp({ secret }) }, ip });
    expect(await db.loginThrottle.findUnique({ where: { key: `pair:${person.email}|${ip}` } })).toBeNull();
  });

  it("a challenge expires after five minutes", async () => {
    const { person, secret } = await enrolled();
    const ip = freshIp();
    const { challenge } = await passwordStep(person, ip);
    const late = new Date(Date.now() + CHALLENGE_TTL_MS + 1000);
    const e = await refusal(completeSecondFactorSignIn({ input: { challenge, code: await currentTotp({ secret, now: late }) }, ip, now: late }));
    expect(e.details).toEqual({ startAgain: true });
  });

  it("a recovery code signs in once, is recorded, and is refused the second time", async () => {
    const { person, recoveryCodes } = await enrolled();
    const ip = freshIp();
    const code = recoveryCodes[3]!;
    const done = await completeSecondFactorSignIn({ input: { challenge: (await passwordStep(person, ip)).challenge, code: code.toUpperCase() }, ip });
    expect(done).toMatchObject({ via: "recovery", recoveryCodesLeft: 9 });
    const again = await refusal(completeSecondFactorSignIn({ input: { challenge: (await passwordStep(person, ip)).challenge, code }, ip }));
    expect(again.message).toMatch(/recovery code is not right or was already used/);
    expect(await getTwoFactorStatus(person.id)).toMatchObject({ recoveryCodesLeft: 9 });
    const events = await listAccountEvents({ subjectId: person.id });
    expect(events[0]).toMatchObject({ action: "recovery_code_used", detail: { context: "sign_in", recoveryCodesLeft: 9 } });
    expect(events[0]!.summary).toBe("recovery code used to sign in; 9 left");
  });
});

describe("turning it off", () => {
  it("needs the password and a code; then the password alone signs in, with an event", async () => {
    const { person, secret } = await enrolled();
    const ip = freshIp();
    const code = await currentTotp({ secret });
    expect((await refusal(disableTwoFactor({ actor: person, input: { currentPassword: "nope", code }, ip }))).message).toMatch(/current password/);
    expect((await refusal(disableTwoFactor({ actor: person, input: { currentPassword: PASSWORD, code: "000000" }, ip }))).message).toMatch(/code is not right/);
    expect(await getTwoFactorStatus(person.id)).toMatchObject({ enabled: true });
    await disableTwoFactor({ actor: person, input: { currentPassword: PASSWORD, code }, ip });
    expect(await getTwoFactorStatus(person.id)).toEqual({ enabled: false, enabledAt: null, recoveryCodesLeft: 0 });
    expect(await db.recoveryCode.count({ where: { userId: person.id } })).toBe(0);
    expect((await db.user.findUniqueOrThrow({ where: { id: person.id } })).totpSecret).toBeNull();
    expect((await signIn({ input: { email: person.email, password: PASSWORD }, ip })).user.id).toBe(person.id);
    expect(await actionsAbout(person.id)).toEqual(["two_factor_enabled", "two_factor_disabled"]);
  });

  it("a recovery code can turn it off too", async () => {
    const { person, recoveryCodes } = await enrolled();
    await disableTwoFactor({ actor: person, input: { currentPassword: PASSWORD, code: recoveryCodes[0]! }, ip: freshIp() });
    expect(await actionsAbout(person.id)).toEqual(["two_factor_enabled", "recovery_code_used", "two_factor_disabled"]);
  });
});

describe("admin reset", () => {
  it("an admin turns off another person's second factor (lost phone and codes): password alone again; an event names the admin", async () => {
    const { person } = await enrolled("EDITOR");
    const admin = await createPerson("ADMIN");
    const editor = await createPerson("EDITOR");
    expect((await refusal(resetTwoFactor({ actor: editor, userId: person.id }))).code).toBe("forbidden");
    const item = await resetTwoFactor({ actor: admin, userId: person.id });
    expect(item.twoFactor).toBe(false);
    expect(await db.recoveryCode.count({ where: { userId: person.id } })).toBe(0);
    expect((await signIn({ input: { email: person.email, password: PASSWORD }, ip: freshIp() })).user.id).toBe(person.id);
    const [event] = await listAccountEvents({ subjectId: person.id });
    expect(event).toMatchObject({ action: "two_factor_reset", actor: { id: admin.id } });
    // Nothing to reset now; and not one's own (that needs the password and a code).
    expect((await refusal(resetTwoFactor({ actor: admin, userId: person.id }))).code).toBe("conflict");
    const self = await enrolled("ADMIN");
    expect((await refusal(resetTwoFactor({ actor: self.person, userId: self.person.id }))).code).toBe("conflict");
  });

  it("open challenges end with the reset", async () => {
    const { person, secret } = await enrolled();
    const admin = await createPerson("ADMIN");
    const ip = freshIp();
    const { challenge } = await passwordStep(person, ip);
    await resetTwoFactor({ actor: admin, userId: person.id });
    expect((await refusal(completeSecondFactorSignIn({ input: { challenge, code: await currentTotp({ secret }) }, ip }))).details).toEqual({ startAgain: true });
  });
});
