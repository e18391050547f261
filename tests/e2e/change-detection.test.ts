// An analyst runs change detection on the demo pair: sees the job's progress
// and the candidates (on the map and listed strongest first, the ones that
// overlap recorded changes flagged), steps through them from the keyboard,
// dismisses one with a reason, accepts the one nobody has drawn yet and finds
// it as a draft change with the pair as its detection window. Nobody signed
// out can start detection or read candidates.
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import { launchBrowser } from "./browser";
import { baseUrl, newPage, queryDb, signIn } from "./helpers";

let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let errors: string[];
const SLOW = { timeout: 30_000 };

beforeAll(async () => {
  browser = await launchBrowser();
  ({ page, errors } = await newPage(browser.context));
});
afterAll(async () => {
  await browser?.close();
});

const site = () => queryDb<{ id: string }>("SELECT id FROM Site WHERE slug = 'olinda'")[0]!;
const scenesOf = () =>
  queryDb<{ id: string; acquiredAt: number }>("SELECT s.id, s.acquiredAt FROM Scene s JOIN SiteScene l ON l.sceneId = s.id WHERE l.siteId = ? ORDER BY s.acquiredAt", site().id);

/** Share of map pixels in the candidates' teal (#0891b2), roughly. */
async function tealShare(): Promise<number> {
  const png = await page.getByTestId("map").first().screenshot();
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  let n = 0;
  for (let i = 0; i < data.length; i += info.channels) if (Math.abs(data[i]! - 8) < 30 && Math.abs(data[i + 1]! - 145) < 30 && Math.abs(data[i + 2]! - 178) < 30) n++;
  return n / (info.width * info.height);
}

/** Picks the scene of a date in one of the viewer's pair selects. */
async function choose(label: string, date: string): Promise<void> {
  const select = page.getByLabel(label, { exact: true });
  const value = await select.locator("option").filter({ hasText: date }).first().getAttribute("value");
  await select.selectOption(value!);
}

describe("change detection in the analyst viewer", () => {
  it("is refused to anyone signed out", async () => {
    const [before, after] = scenesOf();
    const start = await fetch(`${baseUrl()}/api/sites/${site().id}/detect`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ beforeSceneId: before!.id, afterSceneId: after!.id }),
    });
    expect(start.status).toBe(401);
    const list = await fetch(`${baseUrl()}/api/sites/${site().id}/candidates`);
    expect(list.status).toBe(401);
    const accept = await fetch(`${baseUrl()}/api/candidates/anything/accept`, { method: "POST" });
    expect(accept.status).toBe(401);
  });

  it("runs detection on the demo pair, with progress, and shows the candidates strongest first, on the map too", async () => {
    await signIn(page, "analyst@example.org");
    await page.goto(`${baseUrl()}/workspace/sites/olinda`);
    await page.getByRole("button", { name: "Swipe" }).click();
    // Other journeys may have added later scenes: compare the demo's two dates.
    await choose("Before scene", "2001-07-15");
    await choose("After scene", "2003-08-02");
    await expect.poll(() => page.getByTestId("map").getAttribute("data-rendered"), SLOW).toBe("true");
    const panel = page.getByTestId("detection");
    expect(await panel.textContent()).toContain("Compares 2001-07-15 → 2003-08-02");
    const tealBefore = await tealShare();
    // The worker paused: the job waits in the queue, and a reload of the page finds it and follows it.
    const worker = inject("e2eWorkerPid");
    process.kill(worker, "SIGSTOP");
    try {
      await panel.getByRole("button", { name: "Find changes" }).click();
      // The progress line shows at once (the browser chose the job's id).
      await expect.poll(() => page.getByTestId("detect-progress").isVisible()).toBe(true);
      await expect.poll(() => page.getByTestId("detect-progress").textContent()).toMatch(/queued/);
      await page.reload();
      await page.getByRole("button", { name: "Swipe" }).click();
      await choose("Before scene", "2001-07-15");
      await choose("After scene", "2003-08-02");
      await expect.poll(() => page.getByTestId("detect-progress").textContent(), SLOW).toMatch(/queued/);
    } finally {
      process.kill(worker, "SIGCONT");
    }
    await expect.poll(() => page.getByTestId("detect-done").textContent(), SLOW).toMatch(/Done: 5 candidates/);
    const items = page.getByTestId("candidates").locator("li[data-candidate-id]");
    expect(await items.count()).toBe(5);
    const scores = (await items.locator("button.candidate-pick").allTextContents()).map((t) => Number(/score ([\d.]+)/.exec(t)![1]));
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // The four painted changes the demo already records are flagged; the clearing is not.
    expect(await items.getByTestId("candidate-overlaps").count()).toBe(4);
    expect(await page.getByTestId("detect-counts").textContent()).toContain("0 accepted, 0 dismissed, 5 waiting");
    // How the pair was read: the demo's later scene is derived from the earlier on its grid, so nothing to correct.
    expect(await page.getByTestId("detect-registration").textContent()).toMatch(/^Registration: not re-registered: already registered/);
    // Drawn on the map, dotted teal.
    await page.waitForTimeout(500);
    expect(await tealShare()).toBeGreaterThan(tealBefore + 0.001);
  });

  it("steps through the candidates from the keyboard and dismisses one with a reason", async () => {
    const items = page.getByTestId("candidates").locator("li[data-candidate-id]");
    await items.first().locator("button.candidate-pick").click();
    expect(await items.first().getAttribute("aria-current")).toBe("true");
    await page.keyboard.press("j");
    await expect.poll(() => items.nth(1).getAttribute("aria-current")).toBe("true");
    await page.keyboard.press("k");
    await expect.poll(() => items.first().getAttribute("aria-current")).toBe("true");
    const firstId = await items.first().getAttribute("data-candidate-id");
    await page.keyboard.press("d");
    const form = items.first().locator("form");
    // It overlaps a recorded change, so the reason starts on "already recorded".
    expect(await form.getByLabel("Why").inputValue()).toBe("already_recorded");
    await form.getByLabel("Note").fill("the published construction change");
    await form.getByRole("button", { name: "Dismiss" }).click();
    await expect.poll(() => items.count()).toBe(4);
    expect(await page.getByTestId("detect-counts").textContent()).toContain("0 accepted, 1 dismissed, 4 waiting");
    const row = queryDb<{ status: string; dismissReason: string }>("SELECT status, dismissReason FROM ChangeCandidate WHERE id = ?", firstId)[0]!;
    expect(row).toEqual({ status: "DISMISSED", dismissReason: "already_recorded: the published construction change" });
  });

  it("accepts the candidate nobody has drawn and finds it as a draft change with the pair as its window", async () => {
    const items = page.getByTestId("candidates").locator("li[data-candidate-id]");
    const fresh = items.filter({ hasNot: page.getByTestId("candidate-overlaps") });
    expect(await fresh.count()).toBe(1);
    const candidateId = (await fresh.getAttribute("data-candidate-id"))!;
    await fresh.locator("button.candidate-pick").click();
    await page.keyboard.press("a");
    await expect.poll(() => page.locator("#draw-heading").textContent(), SLOW).toBe("Edit: other, revision 1");
    expect(await page.getByRole("status").filter({ hasText: "Accepted" }).textContent()).toContain("draft change");
    const [before, after] = scenesOf();
    const made = queryDb<{ annotationId: string; status: string; beforeSceneId: string; afterSceneId: string; aStatus: string; description: string }>(
      `SELECT c.annotationId, c.status, r.beforeSceneId, r.afterSceneId, a.status AS aStatus, r.description
         FROM ChangeCandidate c JOIN Annotation a ON a.id = c.annotationId JOIN AnnotationRevision r ON r.id = a.currentRevisionId WHERE c.id = ?`,
      candidateId,
    )[0]!;
    expect(made).toMatchObject({ status: "ACCEPTED", aStatus: "DRAFT", beforeSceneId: before!.id, afterSceneId: after!.id });
    expect(made.description).toContain("between 2001-07-15 and 2003-08-02");
    // The draft is in the site's list of changes, and the detection counts say what happened.
    expect(await page.locator("main").textContent()).toContain("Proposed by change detection");
    expect(await page.getByTestId("detect-counts").textContent()).toContain("1 accepted, 1 dismissed, 3 waiting");
    expect(errors).toEqual([]);
  });

  it("finds when across all the site's scenes and opens a window it names", async () => {
    const panel = page.getByTestId("find-when");
    // Other journeys may have added scenes to the site (a one-band DEM among them): every ready date is offered.
    const dates = new Set(scenesOf().map((s) => new Date(s.acquiredAt).toISOString().slice(0, 10)));
    await panel.getByRole("button", { name: `Find when, across ${dates.size} scenes` }).click();
    // Done, or an error that says why (shown in the failure).
    await expect.poll(async () => (await panel.getByRole("alert").count()) > 0 || (await page.getByTestId("find-when-done").count()) > 0, { timeout: 60_000 }).toBe(true);
    expect(await panel.getByRole("alert").allTextContents()).toEqual([]);
    await expect
      .poll(
        () =>
          page
            .getByTestId("find-when-done")
            .textContent()
            .catch(() => ""),
        { timeout: 60_000 },
      )
      .toMatch(/changes? across \d+ scenes/);
    const windows = panel.getByRole("listitem");
    expect(await windows.count()).toBeGreaterThan(0);
    // Each window opens its pair in the viewer, where Find changes compares it.
    const first = windows.first().getByRole("button");
    const [from, to] = (await first.textContent())!.split(" → ");
    await first.click();
    await expect.poll(() => page.getByTestId("detection").textContent()).toContain(`Compares ${from} → ${to}`);
    expect(errors).toEqual([]);
  });
});
