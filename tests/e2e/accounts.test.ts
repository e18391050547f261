// Accounts, as people use them: an admin invites someone; in a fresh browser
// the invitee opens the one-time link, sets a password (and is not signed in
// by it), signs in; the link does not work twice; the admin changes their
// role and the invitee's next page shows it; the invitee changes their
// password, signs in from a second browser, and "Sign out everywhere" in the
// first ends the second's session; the admin deactivates them and their next
// request is signed out. The invitee is a new account, so the demo accounts
// other journeys sign in with stay as they are.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { baseUrl, browserPool, queryDb, sessionHeader, signIn } from "./helpers";

const { freshPage, closeAll } = browserPool();

async function signInWith(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl()}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/workspace/);
  await expect.poll(() => page.locator("header").textContent()).toContain("Sign out");
}

const id = randomUUID().slice(0, 8);
const email = `invitee-${id}@example.org`;
const name = `Invitee ${id}`;
const FIRST = "first password of the invitee";
const SECOND = "second password of the invitee";

let admin: Page;
let invitee: Page;
let other: Page;
let link: string;

beforeAll(async () => {
  admin = await freshPage();
});

afterAll(async () => {
  await closeAll();
});

function userRow(page: Page) {
  return page.getByTestId("users").locator(`tr[data-email="${email}"]`);
}

describe("accounts", () => {
  it("an admin invites a person and is shown a one-time link, once", async () => {
    await signIn(admin, "admin@example.org");
    await admin.locator("header").getByRole("link", { name: "Users" }).click();
    await admin.waitForURL(/\/workspace\/admin\/users$/);
    const form = admin.getByRole("form", { name: "Invite a person" });
    await form.getByLabel("Email").fill(email);
    await form.getByLabel("Name").fill(name);
    await form.getByLabel("Role").selectOption("ANALYST");
    await form.getByRole("button", { name: "Invite" }).click();
    const panel = admin.getByTestId("one-time-link");
    await panel.waitFor();
    expect(await panel.textContent()).toContain(email);
    link = await panel.getByLabel("One-time link").inputValue();
    expect(link).toMatch(new RegExp(`^${baseUrl()}/account/set-password\\?token=[\\w-]{40,}$`));
    expect(await panel.getByRole("button", { name: "Copy link" }).isVisible()).toBe(true);
    expect(await panel.getByRole("button", { name: "Print" }).isVisible()).toBe(true);
    await expect.poll(() => userRow(admin).getByTestId("account-status").textContent()).toBe("invited");
    // Only the token's hash is stored.
    const token = new URL(link).searchParams.get("token")!;
    expect(queryDb<{ n: number }>("select count(*) as n from AccountToken where id = ?", token)[0]!.n).toBe(0);
  });

  it("the invitee opens the link in a fresh browser, sets a password, is sent to sign in, and signs in", async () => {
    invitee = await freshPage();
    await invitee.goto(link);
    expect(await invitee.locator("main").textContent()).toContain(email);
    const form = invitee.getByRole("form", { name: "Set your password" });
    await form.getByLabel("New password", { exact: true }).fill("too short");
    await form.getByLabel("Repeat the new password").fill("too short");
    // The browser's own minLength check stops it; a typo between the two is caught by the form.
    await form.getByLabel("New password", { exact: true }).fill(FIRST);
    await form.getByLabel("Repeat the new password").fill(`${FIRST}!`);
    await form.getByRole("button", { name: "Set password" }).click();
    await expect.poll(() => form.getByRole("alert").textContent()).toContain("not the same");
    await form.getByLabel("Repeat the new password").fill(FIRST);
    await form.getByRole("button", { name: "Set password" }).click();
    await invitee.getByTestId("password-set").waitFor();
    // Setting the password signed nobody in.
    expect(await (await sessionHeader(invitee)).textContent()).not.toContain("Sign out");
    expect((await invitee.context().cookies()).filter((c) => c.name === "sitewatch_session")).toEqual([]);
    await invitee.getByTestId("password-set").getByRole("link", { name: "Sign in" }).click();
    await invitee.waitForURL(/\/login/);
    await signInWith(invitee, email, FIRST);
    expect(await (await sessionHeader(invitee)).textContent()).toContain(`${name} (analyst)`);
  });

  it("the link does not work a second time, and says so", async () => {
    await invitee.goto(link);
    expect(await invitee.getByTestId("link-refused").textContent()).toMatch(/already been used/);
    await invitee.goto(`${baseUrl()}/account/set-password?token=not-a-real-token-at-all-0000000000000`);
    expect(await invitee.getByTestId("link-refused").textContent()).toMatch(/not valid/);
  });

  it("the admin changes their role; the invitee's next page shows it", async () => {
    await admin.reload();
    await userRow(admin).getByLabel(`Role of ${email}`).selectOption("EDITOR");
    await userRow(admin)
      .getByRole("button", { name: `Save role of ${email}` })
      .click();
    await expect.poll(() => admin.getByTestId("account-events").textContent()).toContain("role changed from analyst to editor");
    await invitee.goto(`${baseUrl()}/workspace`);
    expect(await (await sessionHeader(invitee)).textContent()).toContain(`${name} (editor)`);
    expect(await (await sessionHeader(invitee)).getByRole("link", { name: "Review queue" }).isVisible()).toBe(true);
    // Not an admin: no Users link, and the page is refused.
    expect(await (await sessionHeader(invitee)).getByRole("link", { name: "Users" }).count()).toBe(0);
    await invitee.goto(`${baseUrl()}/workspace/admin/users`);
    await invitee.waitForURL(/\/workspace\?denied=1/);
  });

  it("the invitee changes their password (the current one is needed)", async () => {
    await (await sessionHeader(invitee)).getByRole("link", { name: "Account" }).click();
    await invitee.waitForURL(/\/workspace\/account$/);
    const form = invitee.getByRole("form", { name: "Change your password" });
    await form.getByLabel("Current password").fill("not my password at all");
    await form.getByLabel("New password", { exact: true }).fill(SECOND);
    await form.getByLabel("Repeat the new password").fill(SECOND);
    await form.getByRole("button", { name: "Change password" }).click();
    await expect.poll(() => form.getByRole("alert").textContent()).toMatch(/current password is not right/);
    await form.getByLabel("Current password").fill(FIRST);
    await form.getByLabel("New password", { exact: true }).fill(SECOND);
    await form.getByLabel("Repeat the new password").fill(SECOND);
    await form.getByRole("button", { name: "Change password" }).click();
    await expect.poll(() => form.getByRole("status").textContent()).toContain("Your password is changed");
    // Still signed in here.
    await invitee.reload();
    expect(await (await sessionHeader(invitee)).textContent()).toContain("Sign out");
  });

  it("'Sign out everywhere' in one browser ends the session of another", async () => {
    other = await freshPage();
    await signInWith(other, email, SECOND);
    await invitee.reload();
    const sessions = invitee.getByTestId("sessions");
    await expect.poll(() => sessions.locator("tbody tr").count()).toBe(2);
    expect(await sessions.locator('tr[data-current="true"]').textContent()).toContain("this browser");
    await sessions.getByRole("button", { name: "Sign out everywhere" }).click();
    await invitee.waitForURL(/\/login/);
    await other.goto(`${baseUrl()}/workspace`);
    await other.waitForURL(/\/login/);
    expect(await (await sessionHeader(other)).textContent()).not.toContain("Sign out");
  });

  it("deactivation signs the person out at their next request and stops sign-in; the admin page records it all", async () => {
    await signInWith(other, email, SECOND);
    await admin.reload();
    admin.once("dialog", (d) => void d.accept());
    await userRow(admin)
      .getByRole("button", { name: `Deactivate ${email}` })
      .click();
    await expect.poll(() => userRow(admin).getByTestId("account-status").textContent()).toBe("deactivated");
    await other.goto(`${baseUrl()}/workspace`);
    await other.waitForURL(/\/login/);
    await other.getByLabel("Email").fill(email);
    await other.getByLabel("Password").fill(SECOND);
    await other.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => other.locator("main").getByRole("alert").textContent()).toMatch(/wrong email or password/);
    const events = await admin.getByTestId("account-events").textContent();
    for (const what of [
      "invited as analyst",
      "password set through a one-time link",
      "role changed from analyst to editor",
      "password changed",
      "signed out everywhere",
      "deactivated",
    ]) {
      expect(events).toContain(what);
    }
  });

  it("the last admin cannot be demoted, and the page says why", async () => {
    const admins = queryDb<{ email: string }>("select email from User where role = 'ADMIN' and active = 1 and passwordHash <> ''");
    expect(admins.map((a) => a.email)).toEqual(["admin@example.org"]);
    await userRow(admin).getByLabel(`Role of ${email}`).waitFor();
    const row = admin.getByTestId("users").locator('tr[data-email="admin@example.org"]');
    await row.getByLabel("Role of admin@example.org").selectOption("EDITOR");
    await row.getByRole("button", { name: "Save role of admin@example.org" }).click();
    await expect.poll(() => admin.locator("main").getByRole("alert").first().textContent()).toMatch(/last active admin/);
    await admin.reload();
    expect(await admin.getByTestId("users").locator('tr[data-email="admin@example.org"]').getByLabel("Role of admin@example.org").inputValue()).toBe("ADMIN");
  });
});
