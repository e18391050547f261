// Accounts: invitations and resets through one-time links, roles, deactivation,
// the last admin, own password and sessions, sliding session expiry, and the
// append-only audit trail — through the lib verbs the routes and the CLI call.
import type { Role } from "@prisma/client";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { listAccountEvents } from "@/lib/accounts/account-events.server";
import { LINK_TTL_MS } from "@/lib/accounts/account-rules";
import { changeOwnPassword } from "@/lib/accounts/change-own-password.server";
import { changeUserRole } from "@/lib/accounts/change-user-role.server";
import { deactivateUser } from "@/lib/accounts/deactivate-user.server";
import { inviteUser } from "@/lib/accounts/invite-user.server";
import { issuePasswordReset } from "@/lib/accounts/issue-password-reset.server";
import { listUsers } from "@/lib/accounts/list-users.server";
import { inspectOneTimeLink } from "@/lib/accounts/one-time-link.server";
import { endOwnSession, listOwnSessions, signOutEverywhere } from "@/lib/accounts/own-sessions.server";
import { reactivateUser } from "@/lib/accounts/reactivate-user.server";
import { setPasswordWithLink } from "@/lib/accounts/set-password-with-link.server";
import { hashPassword, verifyPassword } from "@/lib/auth/password.server";
import { createSession, findSessionUser, hashToken, resolveSession, SESSION_TOUCH_INTERVAL_MS, type SessionUser } from "@/lib/auth/session.server";
import { signIn } from "@/lib/auth/sign-in.server";
import { db } from "@/lib/db.server";
import { DomainError } from "@/lib/errors";
import { createUser } from "../factories";
import { runRawSql } from "../support/raw-sql";

const PASSWORD = "a long enough password";
const MINUTE = 60_000;
const HOUR = 3600_000;

let admin: SessionUser;
let seq = 0;

/** A person with a real password, signed in nowhere yet. */
async function createPerson(role: Role): Promise<SessionUser> {
  const u = await createUser(role);
  await db.user.update({ where: { id: u.id }, data: { passwordHash: await hashPassword(PASSWORD) } });
  return u;
}

function tokenOf(path: string): string {
  return new URL(path, "http://x").searchParams.get("token")!;
}

/** The error a verb refused with; invalid input (zod) counts as bad_input, as the routes and the CLI answer it. */
async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (e instanceof ZodError) return { code: "bad_input", message: e.issues[0]?.message ?? "" };
  expect(e, "expected a refusal").toBeInstanceOf(DomainError);
  return e as DomainError;
}

async function eventsAbout(subjectId: string) {
  return listAccountEvents({ subjectId, limit: 100 });
}

beforeAll(async () => {
  admin = await createPerson("ADMIN");
});

afterEach(() => {
  delete process.env.SITEWATCH_SESSION_IDLE_HOURS;
  delete process.env.SITEWATCH_SESSION_MAX_DAYS;
});

describe("every admin action by every role", () => {
  // Each verb as each role: analysts and editors are refused (lib checks again behind the route), admins and the CLI (null) are not.
  const ACTIONS: Record<string, (actor: SessionUser | null, subjectId: string) => Promise<unknown>> = {
    invite: (actor) => inviteUser({ actor, input: { email: `invitee-${++seq}@example.org`, name: "Invitee", role: "analyst" } }),
    "change role": (actor, userId) => changeUserRole({ actor, userId, input: { role: "editor" } }),
    deactivate: (actor, userId) => deactivateUser({ actor, userId }),
    reactivate: (actor, userId) => reactivateUser({ actor, userId }),
    "reset password": (actor, userId) => issuePasswordReset({ actor, userId }),
  };
  const cases = Object.keys(ACTIONS).flatMap((action) => (["ANALYST", "EDITOR", "ADMIN", "CLI"] as const).map((as) => ({ action, as })));

  it.each(cases)("$action as $as", async ({ action, as }) => {
    const subject = await createPerson("ANALYST");
    if (action === "reactivate") await db.user.update({ where: { id: subject.id }, data: { active: false } });
    const actor = as === "CLI" ? null : as === "ADMIN" ? admin : await createPerson(as);
    const before = await db.accountEvent.count();
    const run = ACTIONS[action]!(actor, subject.id);
    if (as === "ANALYST" || as === "EDITOR") {
      expect((await refusal(run)).code).toBe("forbidden");
      expect(await db.accountEvent.count(), "a refused action writes no event").toBe(before);
    } else {
      await run;
      const latest = (await listAccountEvents({ limit: 1 }))[0]!;
      expect(latest.actor?.id ?? null).toBe(actor?.id ?? null);
    }
  });
});

describe("invitations and one-time links", () => {
  it("invites: an account without a password and a 7-day link whose token is stored only as its sha256", async () => {
    const now = new Date();
    const { user, link } = await inviteUser({ actor: admin, input: { email: "New.Person@Example.org", name: "New Person", role: "editor" }, now });
    expect(user).toMatchObject({ email: "new.person@example.org", role: "EDITOR", status: "invited", active: true });
    expect(link.path).toMatch(/^\/account\/set-password\?token=[\w-]{40,}$/);
    expect(new Date(link.expiresAt).getTime() - now.getTime()).toBe(LINK_TTL_MS.INVITE);
    const token = tokenOf(link.path);
    const rows = await db.accountToken.findMany({ where: { userId: user.id } });
    expect(rows.map((r) => r.id)).toEqual([hashToken(token)]);
    expect(JSON.stringify(await db.accountEvent.findMany())).not.toContain(token);
    // Nobody can sign in before the password is set, whatever they type.
    expect(await verifyPassword({ passwordHash: (await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash, password: "" })).toBe(false);
    expect((await refusal(inviteUser({ actor: admin, input: { email: "new.person@example.org", name: "Again", role: "analyst" } }))).code).toBe("conflict");
  });

  it("a link sets the password once; the person then signs in, and is not signed in by the link", async () => {
    const { user, link } = await inviteUser({ actor: admin, input: { email: "once@example.org", name: "Once", role: "analyst" } });
    const token = tokenOf(link.path);
    expect(await inspectOneTimeLink({ token })).toMatchObject({ state: "valid", purpose: "INVITE", email: "once@example.org" });
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    await setPasswordWithLink({ input: { token, password: PASSWORD } });
    expect(await db.session.count({ where: { userId: user.id } }), "setting a password signs nobody in").toBe(0);
    expect(await inspectOneTimeLink({ token })).toEqual({ state: "used" });
    const again = await refusal(setPasswordWithLink({ input: { token, password: "another long password" } }));
    expect(again.message).toMatch(/already been used/);
    const signed = await signIn({ input: { email: "once@example.org", password: PASSWORD }, ip: "10.9.0.1" });
    expect(signed.user.id).toBe(user.id);
    expect((await listUsers()).find((u) => u.id === user.id)?.status).toBe("active");
    expect((await eventsAbout(user.id)).map((e) => e.action)).toEqual(["password_set_by_link", "user_invited"]);
  });

  it("two tabs using the same link at once: exactly one succeeds", async () => {
    const { link } = await inviteUser({ actor: admin, input: { email: "race@example.org", name: "Race", role: "analyst" } });
    const token = tokenOf(link.path);
    const results = await Promise.allSettled([1, 2, 3].map((i) => setPasswordWithLink({ input: { token, password: `${PASSWORD} ${i}` } })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });

  it("an expired, replaced or unknown link says so, and a too-short password is refused with nothing used", async () => {
    const now = new Date();
    const { user, link } = await inviteUser({ actor: admin, input: { email: "late@example.org", name: "Late", role: "analyst" }, now });
    const first = tokenOf(link.path);
    expect((await refusal(setPasswordWithLink({ input: { token: first, password: "short" } }))).code).toBe("bad_input");
    expect((await inspectOneTimeLink({ token: first })).state).toBe("valid");
    const later = new Date(now.getTime() + LINK_TTL_MS.INVITE + 1);
    expect(await inspectOneTimeLink({ token: first, now: later })).toEqual({ state: "expired" });
    expect((await refusal(setPasswordWithLink({ input: { token: first, password: PASSWORD }, now: later }))).message).toMatch(/expired/);
    // A new link (the admin's "reset" on someone invited) is a fresh invitation and replaces the old one.
    const renewed = await issuePasswordReset({ actor: admin, userId: user.id });
    expect(renewed.purpose).toBe("INVITE");
    expect(await inspectOneTimeLink({ token: first })).toEqual({ state: "replaced" });
    expect((await refusal(setPasswordWithLink({ input: { token: first, password: PASSWORD } }))).message).toMatch(/replaced/);
    expect(await inspectOneTimeLink({ token: "x".repeat(43) })).toEqual({ state: "unknown" });
    expect((await refusal(setPasswordWithLink({ input: { token: "x".repeat(43), password: PASSWORD } }))).code).toBe("not_found");
    await setPasswordWithLink({ input: { token: tokenOf(renewed.path), password: PASSWORD } });
  });

  it("a reset link lasts 24 h, keeps the old password until used, then ends every session of the account", async () => {
    const person = await createPerson("EDITOR");
    const a = await createSession({ userId: person.id });
    const b = await createSession({ userId: person.id });
    const now = new Date();
    const link = await issuePasswordReset({ actor: admin, userId: person.id, now });
    expect(link.purpose).toBe("RESET");
    expect(new Date(link.expiresAt).getTime() - now.getTime()).toBe(LINK_TTL_MS.RESET);
    expect(await findSessionUser(a.token)).not.toBeNull();
    await setPasswordWithLink({ input: { token: tokenOf(link.path), password: "the new long password" } });
    expect(await findSessionUser(a.token)).toBeNull();
    expect(await findSessionUser(b.token)).toBeNull();
    const row = await db.user.findUniqueOrThrow({ where: { id: person.id } });
    expect(await verifyPassword({ passwordHash: row.passwordHash, password: "the new long password" })).toBe(true);
    expect(await verifyPassword({ passwordHash: row.passwordHash, password: PASSWORD })).toBe(false);
  });
});

describe("roles, deactivation and the last admin", () => {
  it("a role change applies at the person's next request", async () => {
    const person = await createPerson("ANALYST");
    const s = await createSession({ userId: person.id });
    const updated = await changeUserRole({ actor: admin, userId: person.id, input: { role: "EDITOR" } });
    expect(updated.role).toBe("EDITOR");
    expect((await findSessionUser(s.token))?.role).toBe("EDITOR");
    expect((await eventsAbout(person.id))[0]).toMatchObject({ action: "role_changed", detail: { from: "ANALYST", to: "EDITOR" }, actor: { id: admin.id } });
    expect((await refusal(changeUserRole({ actor: admin, userId: person.id, input: { role: "owner" } }))).message).toMatch(/role must be analyst, editor or admin/);
  });

  it("deactivation ends every session of the account at once and stops sign-in; reactivation lets the password work again", async () => {
    const person = await createPerson("EDITOR");
    const sessions = await Promise.all([1, 2, 3].map(() => createSession({ userId: person.id })));
    for (const s of sessions) expect(await findSessionUser(s.token)).not.toBeNull();
    const { sessionsEnded, user } = await deactivateUser({ actor: admin, userId: person.id });
    expect(sessionsEnded).toBe(3);
    expect(user.status).toBe("deactivated");
    for (const s of sessions) expect(await findSessionUser(s.token)).toBeNull();
    expect(await db.session.count({ where: { userId: person.id } })).toBe(0);
    expect((await refusal(signIn({ input: { email: person.email, password: PASSWORD }, ip: "10.9.1.1" }))).code).toBe("not_signed_in");
    await reactivateUser({ actor: admin, userId: person.id });
    expect((await signIn({ input: { email: person.email, password: PASSWORD }, ip: "10.9.1.2" })).user.id).toBe(person.id);
    expect((await eventsAbout(person.id)).map((e) => e.action)).toEqual(["user_reactivated", "user_deactivated"]);
  });

  it("a deactivated account's open link stops working", async () => {
    const person = await createPerson("ANALYST");
    const link = await issuePasswordReset({ actor: admin, userId: person.id });
    await deactivateUser({ actor: admin, userId: person.id });
    expect((await inspectOneTimeLink({ token: tokenOf(link.path) })).state).not.toBe("valid");
    expect((await refusal(issuePasswordReset({ actor: admin, userId: person.id }))).message).toMatch(/deactivated/);
  });

  it("refuses to demote or deactivate the last active admin, and says why; an admin cannot deactivate themselves", async () => {
    // Only one admin who can sign in: every other admin of this file is made an analyst or deactivated first.
    for (const u of await db.user.findMany({ where: { role: "ADMIN", id: { not: admin.id } } })) await db.user.update({ where: { id: u.id }, data: { role: "ANALYST" } });
    // An invited admin who never set a password does not count.
    await inviteUser({ actor: admin, input: { email: "pending-admin@example.org", name: "Pending", role: "admin" } });
    const demote = await refusal(changeUserRole({ actor: null, userId: admin.id, input: { role: "editor" } }));
    expect(demote.code).toBe("conflict");
    expect(demote.message).toMatch(/last active admin/);
    const deactivate = await refusal(deactivateUser({ actor: null, userId: admin.id }));
    expect(deactivate.message).toMatch(/last active admin/);
    expect((await refusal(deactivateUser({ actor: admin, userId: admin.id }))).message).toMatch(/your own account/);
    expect((await db.user.findUniqueOrThrow({ where: { id: admin.id } })).role).toBe("ADMIN");
    // With a second admin, the first may step down.
    const second = await createPerson("ADMIN");
    await changeUserRole({ actor: second, userId: admin.id, input: { role: "editor" } });
    expect((await refusal(deactivateUser({ actor: null, userId: second.id }))).message).toMatch(/last active admin/);
    await changeUserRole({ actor: second, userId: admin.id, input: { role: "admin" } });
  });

  it("two admins demoting each other at once: one of them stays admin", async () => {
    for (const u of await db.user.findMany({ where: { role: "ADMIN", id: { not: admin.id } } })) await db.user.update({ where: { id: u.id }, data: { role: "ANALYST" } });
    const other = await createPerson("ADMIN");
    await Promise.allSettled([
      changeUserRole({ actor: admin, userId: other.id, input: { role: "analyst" } }),
      changeUserRole({ actor: other, userId: admin.id, input: { role: "analyst" } }),
    ]);
    expect(await db.user.count({ where: { role: "ADMIN", active: true, passwordHash: { not: "" } } })).toBeGreaterThanOrEqual(1);
    await db.user.update({ where: { id: admin.id }, data: { role: "ADMIN" } });
  });
});

describe("own password and sessions", () => {
  it("changing the password needs the current one and ends the other sessions, not this one", async () => {
    const person = await createPerson("ANALYST");
    const here = await createSession({ userId: person.id, userAgent: "here" });
    const there = await createSession({ userId: person.id, userAgent: "there" });
    const wrong = await refusal(
      changeOwnPassword({ actor: person, currentSessionId: hashToken(here.token), input: { currentPassword: "not it", newPassword: "a brand new password" }, ip: "10.9.2.7" }),
    );
    expect(wrong.message).toMatch(/current password/);
    expect(await findSessionUser(there.token)).not.toBeNull();
    // A reset link issued earlier (perhaps leaked) must not outlive the new password.
    const earlier = tokenOf((await issuePasswordReset({ actor: null, userId: person.id })).path);
    const r = await changeOwnPassword({
      actor: person,
      currentSessionId: hashToken(here.token),
      input: { currentPassword: PASSWORD, newPassword: "a brand new password" },
      ip: "10.9.2.7",
    });
    expect(r.otherSessionsEnded).toBe(1);
    expect(await findSessionUser(here.token)).not.toBeNull();
    expect(await findSessionUser(there.token)).toBeNull();
    expect(await inspectOneTimeLink({ token: earlier })).toEqual({ state: "replaced" });
    expect((await signIn({ input: { email: person.email, password: "a brand new password" }, ip: "10.9.2.1" })).user.id).toBe(person.id);
    expect((await eventsAbout(person.id))[0]).toMatchObject({ action: "password_changed", actor: { id: person.id } });
  });

  it("guesses at the current password from a stolen session are throttled like sign-ins", async () => {
    const person = await createPerson("EDITOR");
    const here = await createSession({ userId: person.id });
    const guess = () =>
      refusal(
        changeOwnPassword({ actor: person, currentSessionId: hashToken(here.token), input: { currentPassword: "a guess", newPassword: "a brand new password" }, ip: "10.9.3.3" }),
      );
    const codes: string[] = [];
    for (let i = 0; i < 8; i++) codes.push((await guess()).code);
    expect(codes.slice(0, 5)).toEqual(Array(5).fill("bad_input"));
    expect(codes.at(-1)).toBe("rate_limited");
    // The owner, signing in from their own clean address, is not locked out by it.
    expect((await signIn({ input: { email: person.email, password: PASSWORD }, ip: "10.9.3.4" })).user.id).toBe(person.id);
  });

  it("lists one's own sessions with this browser marked, ends one by its handle (never another person's), and signs out everywhere", async () => {
    const person = await createPerson("EDITOR");
    const stranger = await createPerson("EDITOR");
    const here = await createSession({ userId: person.id, userAgent: "Firefox here" });
    const there = await createSession({ userId: person.id, userAgent: "Chromium there" });
    const theirs = await createSession({ userId: stranger.id });
    const list = await listOwnSessions({ userId: person.id, currentSessionId: hashToken(here.token) });
    expect(list.map((s) => [s.userAgent, s.current]).sort()).toEqual([
      ["Chromium there", false],
      ["Firefox here", true],
    ]);
    // The handle is neither the token nor its hash.
    for (const s of list) expect([here.token, hashToken(here.token), there.token, hashToken(there.token)]).not.toContain(s.handle);
    const strangerHandle = (await listOwnSessions({ userId: stranger.id, currentSessionId: null }))[0]!.handle;
    expect((await refusal(endOwnSession({ actor: person, handle: strangerHandle, currentSessionId: null }))).code).toBe("not_found");
    expect(await findSessionUser(theirs.token)).not.toBeNull();
    const thereHandle = list.find((s) => !s.current)!.handle;
    expect(await endOwnSession({ actor: person, handle: thereHandle, currentSessionId: hashToken(here.token) })).toEqual({ wasCurrent: false });
    expect(await findSessionUser(there.token)).toBeNull();
    const more = await Promise.all([1, 2].map(() => createSession({ userId: person.id })));
    expect(await signOutEverywhere({ actor: person, keepSessionId: hashToken(here.token) })).toEqual({ sessionsEnded: 2 });
    expect(await findSessionUser(here.token)).not.toBeNull();
    for (const s of more) expect(await findSessionUser(s.token)).toBeNull();
    expect(await signOutEverywhere({ actor: person, keepSessionId: null })).toEqual({ sessionsEnded: 1 });
    expect(await findSessionUser(here.token)).toBeNull();
    expect(await findSessionUser(theirs.token), "another person's session is untouched").not.toBeNull();
    expect((await eventsAbout(person.id)).map((e) => e.action)).toEqual(["signed_out_everywhere", "signed_out_everywhere", "session_ended"]);
  });
});

describe("session expiry", () => {
  it("slides with use up to the idle timeout and ends after it", async () => {
    process.env.SITEWATCH_SESSION_IDLE_HOURS = "2";
    const person = await createPerson("ANALYST");
    const t0 = new Date();
    const { token } = await createSession({ userId: person.id, now: t0 });
    const at = (ms: number) => ({ now: new Date(t0.getTime() + ms) });
    // Used every 90 minutes, it lives well past 2 hours.
    for (const m of [90, 180, 270]) expect(await findSessionUser(token, at(m * MINUTE)), `after ${m} min`).not.toBeNull();
    // Idle for 2 hours after the last use: over, and its row is gone.
    expect(await findSessionUser(token, at(270 * MINUTE + 2 * HOUR + 1))).toBeNull();
    expect(await db.session.count({ where: { id: hashToken(token) } })).toBe(0);
  });

  it("ends at the absolute maximum however busy", async () => {
    process.env.SITEWATCH_SESSION_IDLE_HOURS = "12";
    process.env.SITEWATCH_SESSION_MAX_DAYS = "1";
    const person = await createPerson("ANALYST");
    const t0 = new Date();
    const { token, expiresAt } = await createSession({ userId: person.id, now: t0 });
    expect(expiresAt.getTime() - t0.getTime(), "the cookie lives as long as the maximum").toBe(24 * HOUR);
    for (let h = 6; h < 24; h += 6) expect(await findSessionUser(token, { now: new Date(t0.getTime() + h * HOUR) })).not.toBeNull();
    expect(await findSessionUser(token, { now: new Date(t0.getTime() + 24 * HOUR + 1) })).toBeNull();
  });

  it("writes lastSeenAt (the session's and the person's) at most once a minute", async () => {
    const person = await createPerson("ANALYST");
    const t0 = new Date(Date.now() - 10 * MINUTE);
    const { token } = await createSession({ userId: person.id, now: t0 });
    const id = hashToken(token);
    const seen = async () => (await db.session.findUniqueOrThrow({ where: { id } })).lastSeenAt.getTime();
    for (const s of [1, 20, 59]) await resolveSession(token, { now: new Date(t0.getTime() + s * 1000) });
    expect(await seen(), "no write within the first minute").toBe(t0.getTime());
    // Signing in counts as being seen.
    expect((await db.user.findUniqueOrThrow({ where: { id: person.id } })).lastSeenAt?.getTime()).toBe(t0.getTime());
    const t1 = new Date(t0.getTime() + SESSION_TOUCH_INTERVAL_MS);
    await resolveSession(token, { now: t1 });
    expect(await seen()).toBe(t1.getTime());
    expect((await db.user.findUniqueOrThrow({ where: { id: person.id } })).lastSeenAt?.getTime()).toBe(t1.getTime());
    const expires = (await db.session.findUniqueOrThrow({ where: { id } })).expiresAt.getTime();
    await Promise.all([10, 30, 50].map((s) => resolveSession(token, { now: new Date(t1.getTime() + s * 1000) })));
    expect(await seen()).toBe(t1.getTime());
    expect((await db.session.findUniqueOrThrow({ where: { id } })).expiresAt.getTime()).toBe(expires);
    const t2 = new Date(t1.getTime() + 61_000);
    await resolveSession(token, { now: t2 });
    expect(await seen()).toBe(t2.getTime());
  });

  it("deletes expired sessions when a session is created", async () => {
    const person = await createPerson("ANALYST");
    const old = new Date(Date.now() - 13 * HOUR);
    const stale = await Promise.all([1, 2, 3].map(() => createSession({ userId: person.id, now: old })));
    expect(await db.session.count({ where: { id: { in: stale.map((s) => hashToken(s.token)) } } })).toBe(3);
    await createSession({ userId: person.id });
    expect(await db.session.count({ where: { id: { in: stale.map((s) => hashToken(s.token)) } } })).toBe(0);
  });

  it("deletes expired sessions at most hourly on ordinary requests", async () => {
    const person = await createPerson("ANALYST");
    const { token } = await createSession({ userId: person.id });
    const now = Date.now();
    // Rows written directly, as if left by sign-ins long ago.
    await db.session.createMany({
      data: [1, 2].map((i) => ({
        id: `stale-${i}-${now}`,
        userId: person.id,
        createdAt: new Date(now - 20 * HOUR),
        lastSeenAt: new Date(now - 20 * HOUR),
        expiresAt: new Date(now - 8 * HOUR),
      })),
    });
    await findSessionUser(token, { now: new Date(now + 30 * MINUTE) });
    expect(await db.session.count({ where: { id: { startsWith: "stale-" } } }), "within the hour after the last sweep: left").toBe(2);
    await findSessionUser(token, { now: new Date(now + 61 * MINUTE) });
    expect(await db.session.count({ where: { id: { startsWith: "stale-" } } })).toBe(0);
  });
});

describe("the audit trail", () => {
  it("is append-only in the database itself", async () => {
    const person = await createPerson("ANALYST");
    await changeUserRole({ actor: admin, userId: person.id, input: { role: "editor" } });
    const event = (await eventsAbout(person.id))[0]!;
    await expect(db.accountEvent.update({ where: { id: event.id }, data: { action: "nothing" } })).rejects.toThrow();
    await expect(db.accountEvent.delete({ where: { id: event.id } })).rejects.toThrow();
    await expect(runRawSql(`UPDATE "AccountEvent" SET "action" = 'x'`)).rejects.toThrow(/AccountEvent rows are append-only/);
    await expect(runRawSql(`DELETE FROM "AccountEvent"`)).rejects.toThrow(/AccountEvent rows are append-only/);
    expect((await eventsAbout(person.id))[0]).toMatchObject({ action: "role_changed", summary: "role changed from analyst to editor" });
  });

  it("names the command line as the actor of what the CLI does", async () => {
    const person = await createPerson("ANALYST");
    await deactivateUser({ actor: null, userId: person.id });
    expect((await eventsAbout(person.id))[0]).toMatchObject({ action: "user_deactivated", actor: null });
  });
});
