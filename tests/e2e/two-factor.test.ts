// Two-step sign-in, as a person uses it: a new editor sets it up on their
// account page (the code is computed here from the key the page shows, with
// the same library the server uses), keeps the recovery codes, signs out and
// signs in with password and code; a recovery code signs in once and not
// twice; an admin resets it from the users page and the password alone signs
// in again. A new account, so the demo accounts other journeys use stay as they are.
import { randomUUID } from "node:crypto";
import { generate } from "otplib";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrl, browserPool, queryDb, signIn } from "./helpers";

const { freshPage, closeAll } = browserPool();

const id = randomUUID().slice(0, 8);
const email = `two-step-${id}@example.org`;
const PASSWORD = "password of the two-step editor";

let admin: Page;
let editor: Page;
let secret: string;
let recoveryCodes: string[];
/** The last 30-second step whose code was given: the server takes each step's code once, so the next code is of a later step. */
let lastStep = 0;

/** A code the server has not seen yet: this step's, or the next one's (within the server's tolerance). */
async function freshCode(): Promise<string> {
  const step = Math.max(Math.floor(Date.now() / 30_000), lastStep + 1);
  lastStep = step;
  return generate({ secret, epoch: step * 30 });
}

/** The header's Sign out (the account page has other buttons that sign out). */
async function signOut(page: Page): Promise<void> {
  await page.locator("header").getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL((u) => u.pathname === "/");
}

async function passwordStep(page: Page): Promise<void> {
  await page.goto(`${baseUrl()}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function codeStep(page: Page, code: string): Promise<void> {
  const form = page.getByRole("form", { name: "Two-step sign-in" });
  await form.getByLabel("Code").fill(code);
  await form.getByRole("button", { name: "Sign in" }).click();
}

async function signedIn(page: Page): Promise<void> {
  await page.waitForURL(/\/workspace/);
  await expect.poll(() => page.locator("header").textContent()).toContain("Sign out");
}

function actions(): string[] {
  return queryDb<{ action: string }>("select e.action from AccountEvent e join User u on u.id = e.subjectId where u.email = ? order by e.createdAt, e.rowid", email).map(
    (r) => r.action,
  );
}

beforeAll(async () => {
  admin = await freshPage();
  editor = await freshPage();
});

afterAll(async () => {
  await closeAll();
});

describe("two-step sign-in", () => {
  it("a new editor (invited, password set through the API, as the accounts journey does through the pages)", async () => {
    await signIn(admin, "admin@example.org");
    const invited = await admin.request.post(`${baseUrl()}/api/admin/users`, { data: { email, name: `Two-step ${id}`, role: "EDITOR" } });
    expect(invited.status()).toBe(201);
    const token = new URL((await invited.json()).link.path, baseUrl()).searchParams.get("token");
    const set = await editor.request.post(`${baseUrl()}/api/account/set-password`, { data: { token, password: PASSWORD } });
    expect(set.status()).toBe(200);
  });

  it("an editor turns it on: a QR code and the key, a valid code and the password, ten recovery codes shown once", async () => {
    await passwordStep(editor);
    await signedIn(editor);
    await editor.goto(`${baseUrl()}/workspace/account`);
    const section = editor.getByTestId("two-factor");
    expect(await section.getByTestId("two-factor-state").textContent()).toMatch(/^Off\./);
    await section.getByRole("button", { name: "Set up two-step sign-in" }).click();
    const form = editor.getByRole("form", { name: "Confirm two-step sign-in" });
    const qr = form.getByRole("img", { name: /QR code/ });
    await qr.waitFor();
    // The SVG decoded: a broken image has no natural size.
    await expect.poll(() => qr.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    secret = (await form.getByTestId("totp-secret").textContent())!.replace(/\s/g, "");
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(await form.getByRole("link", { name: /^otpauth:\/\/totp\// }).getAttribute("href")).toContain(`secret=${secret}`);

    // A wrong code leaves it off.
    await form.getByLabel("Current password").fill(PASSWORD);
    await form.getByLabel("6-digit code from the app").fill("000000");
    await form.getByRole("button", { name: "Turn two-step sign-in on" }).click();
    await expect.poll(() => section.getByRole("alert").textContent()).toMatch(/code is not right/);
    expect(queryDb<{ enabledAt: number | null }>("select totpEnabledAt as enabledAt from User where email = ?", email)).toEqual([{ enabledAt: null }]);

    await form.getByLabel("6-digit code from the app").fill(await freshCode());
    await form.getByRole("button", { name: "Turn two-step sign-in on" }).click();
    const codes = section.getByTestId("recovery-codes");
    await codes.waitFor();
    recoveryCodes = (await codes.locator("li").allTextContents()).map((c) => c.trim());
    expect(recoveryCodes).toHaveLength(10);
    for (const c of recoveryCodes) expect(c).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    await codes.getByRole("button", { name: "I have kept them" }).click();
    await expect.poll(() => section.getByTestId("two-factor-state").textContent()).toMatch(/^On since/);
    expect(await section.getByTestId("recovery-codes-left").textContent()).toContain("10 of 10");
    // Reloaded, the page shows neither the key nor the codes again.
    await editor.reload();
    const html = await editor.content();
    expect(html).not.toContain(secret);
    expect(html).not.toContain(recoveryCodes[0]);
    expect(actions()).toEqual(["user_invited", "password_set_by_link", "two_factor_enabled"]);
  });

  it("signed out, the password alone does not sign in: the code does", async () => {
    await signOut(editor);
    await passwordStep(editor);
    const form = editor.getByRole("form", { name: "Two-step sign-in" });
    await form.waitFor();
    // A fresh field: the password just typed does not show in it (in clear text).
    expect(await form.getByLabel("Code").inputValue()).toBe("");
    // No session yet.
    await editor.goto(`${baseUrl()}/workspace/account`);
    await editor.waitForURL(/\/login/);
    await passwordStep(editor);
    await codeStep(editor, "123456");
    await expect.poll(() => form.getByRole("alert").textContent()).toMatch(/code is not right/);
    await codeStep(editor, await freshCode());
    await signedIn(editor);
  });

  it("a recovery code signs in once", async () => {
    await signOut(editor);
    await passwordStep(editor);
    await codeStep(editor, recoveryCodes[0]!);
    await signedIn(editor);
    await editor.goto(`${baseUrl()}/workspace/account`);
    expect(await editor.getByTestId("recovery-codes-left").textContent()).toContain("9 of 10");

    await signOut(editor);
    await passwordStep(editor);
    await codeStep(editor, recoveryCodes[0]!);
    const form = editor.getByRole("form", { name: "Two-step sign-in" });
    await expect.poll(() => form.getByRole("alert").textContent()).toMatch(/recovery code is not right or was already used/);
    expect(editor.url()).toMatch(/\/login/);
    expect(actions().filter((a) => a === "recovery_code_used")).toHaveLength(1);
  });

  it("an admin resets it from the users page: the password alone signs in again", async () => {
    await admin.goto(`${baseUrl()}/workspace/admin/users`);
    const row = admin.getByTestId("users").locator(`tr[data-email="${email}"]`);
    await row.getByTestId("two-factor-on").waitFor();
    admin.once("dialog", (d) => void d.accept());
    await row.getByRole("button", { name: `Reset two-step sign-in of ${email}` }).click();
    await expect.poll(() => row.getByTestId("two-factor-on").count()).toBe(0);
    expect(await admin.getByTestId("account-events").textContent()).toContain("two-step sign-in reset (turned off) by an admin");

    await passwordStep(editor);
    await signedIn(editor);
    expect(actions().slice(-1)).toEqual(["two_factor_reset"]);
  });
});
