// The admins' jobs page: a detection an analyst starts while the worker is
// paused waits under Queued with its subject and its starter; the admin
// cancels it and retries it from the page (and is told in words when the job
// moved behind the page's back); once the worker runs again, the page follows
// it by itself to succeeded. Analysts and editors get no Jobs link, cannot
// open the page and are refused the list.
//
// The detection runs on a site of its own (the demo's before scene and a
// scene painted here), so the demo pair's candidates, which other journeys
// count and look at, stay as they are.
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import { deriveSyntheticScene } from "@/imagery/synthetic/derive-scene";
import { IMAGERY, TMP } from "../setup/paths";
import { launchBrowser } from "./browser";
import { baseUrl, DEMO_PASSWORD, newPage, queryDb, sessionHeader, signIn, signOut } from "./helpers";

let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let errors: string[];
let analyst: string;
let site: { id: string; name: string };
let pair: { beforeSceneId: string; afterSceneId: string };
const SLOW = { timeout: 60_000 };
const ISO_UTC = /\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/;

async function cookieOf(email: string): Promise<string> {
  const r = await fetch(`${baseUrl()}/api/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  expect(r.status, `sign in as ${email}`).toBe(200);
  return r.headers.get("set-cookie")!.split(";")[0]!;
}

async function api(url: string, init: { method?: string; body?: unknown; form?: FormData } = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = { cookie: analyst };
  if (init.body !== undefined) headers["Content-Type"] = "application/json";
  const r = await fetch(`${baseUrl()}${url}`, {
    method: init.method ?? (init.body === undefined && !init.form ? "GET" : "POST"),
    headers,
    body: init.form ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

async function uploadScene(file: string, acquiredAt: string, sensor = "Synthetic test scene"): Promise<{ status: number; body: Record<string, unknown> }> {
  const form = new FormData();
  form.append("acquiredAt", acquiredAt);
  form.append("sensor", sensor);
  form.append("license", "Apache-2.0");
  form.append("attribution", "Test attribution");
  form.append("file", new Blob([fs.readFileSync(file)]), path.basename(file));
  return api(`/api/sites/${site.id}/scenes`, { form });
}

const jobStatus = (id: string) => queryDb<{ status: string }>("SELECT status FROM Job WHERE id = ?", id)[0]?.status;

beforeAll(async () => {
  browser = await launchBrowser();
  ({ page, errors } = await newPage(browser.context));
  analyst = await cookieOf("analyst@example.org");
  // A site over the demo's footprint, with the demo's first scene (already stored: linked at once)
  // and a scene painted here (converted by the worker, which runs as usual here).
  const [olinda] = queryDb<{ footprint: string }>("SELECT footprint FROM Site WHERE slug = 'olinda'");
  const name = `Jobs page ${Date.now().toString(36)}`;
  const created = await api("/api/sites", { body: { name, kind: "other", qualifier: "suspected", country: "Brazil", footprint: JSON.parse(olinda!.footprint) } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  site = { id: (created.body.site as { id: string }).id, name };
  // (The same date, sensor and licence as the demo's scene: another would be refused, the same file cannot be two observations.)
  expect((await uploadScene(path.join(IMAGERY, "L7_ETMs.tif"), "2001-07-15T12:30:00", "Landsat 7 ETM+")).status).toBe(200);
  const painted = path.join(TMP, `jobs-page-${randomUUID().slice(0, 8)}.tif`);
  fs.mkdirSync(TMP, { recursive: true });
  await deriveSyntheticScene({
    input: path.join(IMAGERY, "L7_ETMs.tif"),
    output: painted,
    changes: [{ rect: [150, 140, 175, 160], values: [240, 235, 230, 220, 240, 210] }],
    epsg: 31985,
  });
  const upload = await uploadScene(painted, "2004-03-01T10:00:00");
  fs.rmSync(painted, { force: true });
  expect(upload.status, JSON.stringify(upload.body)).toBe(202);
  const conversion = (upload.body.job as { id: string }).id;
  // (expect.poll works only inside a test.)
  for (const until = Date.now() + SLOW.timeout; jobStatus(conversion) !== "SUCCEEDED" && Date.now() < until;) await new Promise((r) => setTimeout(r, 250));
  expect(jobStatus(conversion), "the painted scene is converted").toBe("SUCCEEDED");
  const scenes = queryDb<{ id: string }>("SELECT s.id FROM Scene s JOIN SiteScene l ON l.sceneId = s.id WHERE l.siteId = ? ORDER BY s.acquiredAt", site.id);
  expect(scenes).toHaveLength(2);
  pair = { beforeSceneId: scenes[0]!.id, afterSceneId: scenes[1]!.id };
});

afterAll(async () => {
  await browser?.close();
});

describe("the jobs page", () => {
  it("is for admins only: analysts and editors get no link, cannot open it and are refused the list", async () => {
    for (const email of ["analyst@example.org", "editor@example.org"]) {
      await signIn(page, email);
      expect(await (await sessionHeader(page)).getByRole("link", { name: "Jobs" }).count(), email).toBe(0);
      await page.goto(`${baseUrl()}/workspace/jobs`);
      expect(new URL(page.url()).pathname, email).toBe("/workspace");
      expect(await page.locator("main").getByRole("alert").textContent(), email).toContain("cannot open that page");
      expect(await page.evaluate(async () => (await fetch("/api/jobs")).status), email).toBe(403);
      await signOut(page);
    }
  });

  it("lists a waiting detection, cancels it and queues it again from the page, then follows it to succeeded", async () => {
    const subject = `Detection on ${site.name}, 2001-07-15 → 2004-03-01`;
    const pid = inject("e2eWorkerPid");
    process.kill(pid, "SIGSTOP");
    let jobId = "";
    try {
      const started = await api(`/api/sites/${site.id}/detect`, { body: pair });
      expect(started.status, JSON.stringify(started.body)).toBe(202);
      jobId = (started.body.job as { id: string }).id;

      await signIn(page, "admin@example.org");
      await page.locator("header").getByRole("link", { name: "Jobs" }).click();
      await page.waitForURL(/\/workspace\/jobs$/);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Jobs");

      // Queued, with what it works on, who started it and since when (UTC).
      const queued = page.getByTestId("jobs-queued").locator(`tr[data-job-id="${jobId}"]`);
      const queuedText = await queued.textContent();
      expect(queuedText).toContain(subject);
      expect(queuedText).toContain("Ana Analyst");
      expect(queuedText).toMatch(ISO_UTC);

      // Cancel from the page: it moves to the recent ends as cancelled.
      await queued.getByRole("button", { name: `Cancel ${subject}` }).click();
      const recent = page.getByTestId("jobs-recent").locator(`tr[data-job-id="${jobId}"]`);
      await expect.poll(() => recent.getAttribute("data-status")).toBe("CANCELLED");
      expect(await recent.textContent()).toContain("cancelled");
      expect(await queued.count()).toBe(0);
      expect(jobStatus(jobId)).toBe("CANCELLED");

      // Retry from the page: queued again.
      await recent.getByRole("button", { name: `Retry ${subject}` }).click();
      await expect.poll(() => queued.count()).toBe(1);
      expect(await recent.count()).toBe(0);
      expect(jobStatus(jobId)).toBe("QUEUED");

      // Cancelled again, then queued again behind the page's back (by its starter): the page's
      // Retry is refused, the admin is told why in words, and the list shows it queued.
      await queued.getByRole("button", { name: `Cancel ${subject}` }).click();
      await expect.poll(() => recent.getAttribute("data-status")).toBe("CANCELLED");
      expect((await api(`/api/jobs/${jobId}/retry`, { method: "POST" })).status).toBe(200);
      await recent.getByRole("button", { name: `Retry ${subject}` }).click();
      await expect.poll(() => page.locator("main").getByRole("alert").textContent()).toContain(`Could not retry “${subject}”: Only a failed or cancelled job can be retried.`);
      await expect.poll(() => queued.count()).toBe(1);
      expect(jobStatus(jobId)).toBe("QUEUED");
    } finally {
      process.kill(pid, "SIGCONT");
    }

    // The worker takes it; the page follows it by itself (no reload) until it has succeeded.
    const done = page.getByTestId("jobs-recent").locator(`tr[data-job-id="${jobId}"][data-status="SUCCEEDED"]`);
    await expect.poll(() => done.count(), SLOW).toBe(1);
    const doneText = await done.textContent();
    expect(doneText).toContain(subject);
    expect(doneText).toContain("succeeded");
    expect(doneText).toMatch(ISO_UTC);
    expect(await page.getByTestId("jobs-queued").locator(`tr[data-job-id="${jobId}"]`).count()).toBe(0);
    expect(await page.getByTestId("jobs-running").locator(`tr[data-job-id="${jobId}"]`).count()).toBe(0);
    expect(jobStatus(jobId)).toBe("SUCCEEDED");
    expect(errors).toEqual([]);
  });
});
