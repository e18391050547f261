// `sitewatch user list | set-role | deactivate | reactivate | reset-password | reset-two-factor`:
// the same verbs as the admin page, exit 2 with one line on stderr for bad
// input, audit events without an actor.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { listAccountEvents } from "@/lib/accounts/account-events.server";
import { inspectOneTimeLink } from "@/lib/accounts/one-time-link.server";
import { createSession, findSessionUser } from "@/lib/auth/session.server";
import { signIn } from "@/lib/auth/sign-in.server";
import { createUser as createAccount } from "@/lib/auth/users.server";
import { db } from "@/lib/db.server";
import { ROOT } from "../setup/paths";

function sitewatch(args: string[], input?: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [path.join(ROOT, "bin", "sitewatch.mjs"), ...args], { cwd: ROOT, env: { ...process.env, ...env }, input, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function expectUsageError(r: ReturnType<typeof sitewatch>, message: RegExp) {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
  expect(r.stderr).toMatch(message);
}

const PASSWORD = "a long enough password";
let personId: string;

beforeAll(async () => {
  await createAccount({ email: "boss@example.org", role: "admin", password: PASSWORD });
  personId = (await createAccount({ email: "person@example.org", role: "analyst", name: "Person", password: PASSWORD })).id;
});

describe("sitewatch user", () => {
  it("list prints every account, and --json the fields scripts use", () => {
    const r = sitewatch(["user", "list"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^boss@example\.org\tadmin\tactive\tnever seen\t/m);
    const json = JSON.parse(sitewatch(["user", "list", "--json"]).stdout) as { email: string }[];
    expect(json.find((u) => u.email === "person@example.org")).toEqual({
      email: "person@example.org",
      name: "Person",
      role: "analyst",
      active: true,
      status: "active",
      lastSeenAt: null,
      createdAt: expect.any(String),
    });
  });

  it("set-role changes the role; a bad role or unknown account is exit 2 with one line", async () => {
    const r = sitewatch(["user", "set-role", "--email", "Person@Example.org", "--role", "editor"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe("person@example.org is editor");
    expect((await db.user.findUniqueOrThrow({ where: { id: personId } })).role).toBe("EDITOR");
    expect((await listAccountEvents({ subjectId: personId }))[0]).toMatchObject({ action: "role_changed", actor: null });
    expectUsageError(sitewatch(["user", "set-role", "--email", "person@example.org", "--role", "owner"]), /role must be analyst, editor or admin/);
    expectUsageError(sitewatch(["user", "set-role", "--email", "nobody@example.org", "--role", "editor"]), /no account for nobody@example\.org/);
    expectUsageError(sitewatch(["user", "set-role", "--role", "editor"]), /needs --email/);
    expectUsageError(sitewatch(["user", "frobnicate"]), /unknown user command/);
  });

  it("refuses to demote or deactivate the last admin, saying why", async () => {
    expectUsageError(sitewatch(["user", "set-role", "--email", "boss@example.org", "--role", "analyst"]), /last active admin/);
    expectUsageError(sitewatch(["user", "deactivate", "--email", "boss@example.org"]), /last active admin/);
    expect((await db.user.findUniqueOrThrow({ where: { email: "boss@example.org" } })).role).toBe("ADMIN");
  });

  it("deactivate ends the account's sessions at once; reactivate lets it sign in again", async () => {
    const s = await createSession({ userId: personId });
    const r = sitewatch(["user", "deactivate", "--email", "person@example.org"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe("deactivated person@example.org; 1 session(s) ended");
    expect(await findSessionUser(s.token)).toBeNull();
    expect(sitewatch(["user", "reactivate", "--email", "person@example.org"]).code).toBe(0);
    expect((await signIn({ input: { email: "person@example.org", password: PASSWORD }, ip: "10.7.0.1" })).user.id).toBe(personId);
  });

  it("reset-password prints a one-time link (with the public origin when set), or sets a password from stdin", async () => {
    const r = sitewatch(["user", "reset-password", "--email", "person@example.org", "--json"], undefined, { SITEWATCH_PUBLIC_ORIGIN: "https://sitewatch.example.org" });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { link: string; purpose: string; expiresAt: string };
    expect(out.purpose).toBe("reset");
    expect(out.link).toMatch(/^https:\/\/sitewatch\.example\.org\/account\/set-password\?token=[\w-]{40,}$/);
    expect((await inspectOneTimeLink({ token: new URL(out.link).searchParams.get("token")! })).state).toBe("valid");
    const s = await createSession({ userId: personId });
    const set = sitewatch(["user", "reset-password", "--email", "person@example.org", "--password-stdin"], "a password from the shell\n");
    expect(set.code, set.stderr).toBe(0);
    // This session and the one the sign-in of the test before opened.
    expect(set.stdout.trim()).toBe("password set for person@example.org; 2 session(s) ended");
    expect(await findSessionUser(s.token)).toBeNull();
    expect(await db.session.count({ where: { userId: personId } })).toBe(0);
    // The link issued before is revoked by the new password.
    expect((await inspectOneTimeLink({ token: new URL(out.link).searchParams.get("token")! })).state).toBe("replaced");
    expect((await signIn({ input: { email: "person@example.org", password: "a password from the shell" }, ip: "10.7.0.2" })).user.id).toBe(personId);
    expectUsageError(sitewatch(["user", "reset-password", "--email", "person@example.org", "--password-stdin"], "short\n"), /at least 12 characters/);
    expect((await listAccountEvents({ subjectId: personId, limit: 3 })).map((e) => [e.action, e.actor])).toEqual([
      ["password_set_by_cli", null],
      ["password_reset_issued", null],
      ["user_reactivated", null],
    ]);
  });

  it("reset-two-factor turns off a person's two-step sign-in (lost phone and codes), and says so when it is off", async () => {
    await db.user.update({ where: { id: personId }, data: { totpSecret: "JBSWY3DPEHPK3PXP", totpEnabledAt: new Date() } });
    const r = sitewatch(["user", "reset-two-factor", "--email", "person@example.org"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/two-step sign-in turned off for person@example\.org/);
    expect(await db.user.findUniqueOrThrow({ where: { id: personId } })).toMatchObject({ totpSecret: null, totpEnabledAt: null });
    expect((await listAccountEvents({ subjectId: personId, limit: 1 }))[0]).toMatchObject({ action: "two_factor_reset", actor: null });
    expectUsageError(sitewatch(["user", "reset-two-factor", "--email", "person@example.org"]), /not on for person@example\.org/);
    expectUsageError(sitewatch(["user", "reset-two-factor"]), /needs --email/);
  });

  it("user create records who was created", async () => {
    const r = sitewatch(["user", "create", "--email", "made@example.org", "--role", "editor"], "a long enough password\n");
    expect(r.code, r.stderr).toBe(0);
    const user = await db.user.findUniqueOrThrow({ where: { email: "made@example.org" } });
    expect((await listAccountEvents({ subjectId: user.id }))[0]).toMatchObject({ action: "user_created", actor: null, detail: { role: "EDITOR" } });
  });
});
