// Journey: a journalist checks the demo's release 1 without trusting the
// server. The release page says who signed it with which key and links to how
// to verify; the installation's keys are at /.well-known/sitewatch-keys.json
// (readable from other origins); the signed archive downloads from the page and
// verifies with `sitewatch verify --keys-url` and with the standard-tools script
// of /about/verify; an unpublished site has no archive.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "./browser";
import { baseUrl, createTestSite, newPage, queryDb, signIn, signOut } from "./helpers";
import { TMP } from "../setup/paths";

const CLI = path.resolve(import.meta.dirname, "../../bin/sitewatch.mjs");

let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let errors: string[];
const work = path.join(TMP, `evidence-e2e-${Date.now().toString(36)}`);

beforeAll(async () => {
  browser = await launchBrowser();
  ({ page, errors } = await newPage(browser.context));
  fs.mkdirSync(work, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

describe("a reader verifies the demo's release 1", () => {
  let keyId = "";
  let archive = "";

  it("finds the installation's public keys, readable from any origin", async () => {
    const r = await fetch(`${baseUrl()}/.well-known/sitewatch-keys.json`, { headers: { Origin: "https://newsroom.example" } });
    expect(r.status).toBe(200);
    expect(r.headers.get("access-control-allow-origin")).toBe("*");
    const body = (await r.json()) as { installation: string; keys: { id: string; publicKeyPem: string; retiredAt: string | null }[] };
    expect(body.installation).toBe("Sitewatch");
    expect(body.keys.filter((k) => k.retiredAt === null)).toHaveLength(1);
    keyId = body.keys[0]!.id;
    fs.writeFileSync(path.join(work, "key.pem"), body.keys[0]!.publicKeyPem);
  });

  it("reads on the release page who signed it and with which key, and downloads the signed archive", async () => {
    await page.goto(`${baseUrl()}/sites/olinda/releases/1`);
    expect(await page.getByTestId("signature").textContent()).toBe(`Signed by Sitewatch, key ${keyId} — how to verify.`);
    const download = page.waitForEvent("download");
    await page.getByTestId("archive-link").click();
    archive = path.join(work, "olinda-release-1.zip");
    await (await download).saveAs(archive);
    expect((await download).suggestedFilename()).toBe("olinda-release-1.zip");
    await page.getByTestId("signature").getByRole("link", { name: "how to verify" }).click();
    await page.waitForURL((u) => u.pathname === "/about/verify");
    expect(await page.locator("pre").last().textContent()).toContain("openssl pkeyutl -verify -pubin");
    expect(errors).toEqual([]);
  });

  it("opens a change's before and after images: its outline over each, where the licence allows showing them", async () => {
    await page.goto(`${baseUrl()}/sites/olinda/releases/1`);
    const chips = page.getByTestId("chips").first();
    await chips.getByText("Before and after images of this change").click();
    const images = chips.locator("img");
    expect(await images.count()).toBeGreaterThan(0);
    for (const img of await images.all()) {
      await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(512);
      expect(await img.getAttribute("alt")).toMatch(/^(Before|After): the change's outline over the \d{4}-\d{2}-\d{2} image$/);
    }
    expect(errors).toEqual([]);
  });

  it("verifies the archive with sitewatch verify against the server's published keys", () => {
    const r = spawnSync(process.execPath, [CLI, "verify", archive, "--keys-url", `${baseUrl()}/.well-known/sitewatch-keys.json`], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`release 1 of olinda, published .*, signed by Sitewatch with key ${keyId}`));
    expect(r.stdout).toMatch(/^VALID/m);
  });

  it("verifies it with the standard-tools script the verify page shows", async () => {
    const script = path.join(work, "verify.sh");
    await page.goto(`${baseUrl()}/about/verify`);
    fs.writeFileSync(script, (await page.locator("pre").last().textContent())!);
    const r = spawnSync("sh", [script, archive, path.join(work, "key.pem")], { encoding: "utf8" });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^VALID: every file, both signatures, the snapshot and \d+ linked review events$/m);
  });

  it("is sent to sign in for a change's chain of custody; signed in, reads every file, decision and release behind it", async () => {
    const change = queryDb<{ id: string }>(
      "SELECT a.id FROM Annotation a JOIN Site s ON s.id = a.siteId WHERE s.slug = 'olinda' AND a.status = 'PUBLISHED' ORDER BY a.createdAt LIMIT 1",
    )[0]!.id;
    const anonymous = await fetch(`${baseUrl()}/workspace/changes/${change}/custody`, { redirect: "manual" });
    expect([303, 307]).toContain(anonymous.status);
    expect(anonymous.headers.get("location")).toMatch(/\/login\?next=/);
    const { page: editor } = await newPage(browser.context);
    await signIn(editor, "admin@example.org");
    await editor.goto(`${baseUrl()}/workspace/changes/${change}/custody`);
    await editor.getByRole("heading", { name: `Chain of custody: change ${change.slice(-8)}` }).waitFor();
    const files = await editor
      .getByTestId("custody-files")
      .locator("tbody tr")
      .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-kind")));
    expect(files).toEqual(expect.arrayContaining(["original", "cog", "chip"]));
    expect(await editor.getByTestId("custody-events").textContent()).toMatch(/publish/);
    expect(await editor.getByTestId("custody-releases").textContent()).toMatch(new RegExp(`Release 1.*revision \\d.*${keyId}`));
    await signOut(editor);
    await editor.close();
  });

  it("finds no archive for a site that was never published", async () => {
    const { page: analyst } = await newPage(browser.context);
    await signIn(analyst, "analyst@example.org");
    const draft = await createTestSite(analyst, `Evidence draft ${Date.now().toString(36)}`);
    await analyst.close();
    expect((await fetch(`${baseUrl()}/sites/${draft}/releases/1/archive.zip`)).status).toBe(404);
    expect((await fetch(`${baseUrl()}/sites/olinda/releases/999/archive.zip`)).status).toBe(404);
  });
});
