// An analyst uploads a scene while the worker is paused (SIGSTOP), so the
// conversion job waits in the queue: the form shows the upload, then
// "queued"; after a reload it still follows that upload; once the worker runs
// again (SIGCONT) the scene is converted, and only then is it offered in the
// viewer's scene choices. The stages seen, across the reload, never go back.
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import { IMAGERY } from "../setup/paths";
import { launchBrowser } from "./browser";
import { baseUrl, newPage, queryDb, signIn, uploadSceneThroughForm, createTestSite } from "./helpers";

/** Not in the demo data nor uploaded by another browser test, so it is converted, not deduplicated. */
const FILE = path.join(IMAGERY, "generated/l7-multilevel-int16-nodata.tif");
const FILENAME = path.basename(FILE);
const RUN = Date.now().toString(36);
const SENSOR = `Paused-worker upload ${RUN}`;
/** The order of SceneUploadForm's stages; "done" is ready. */
const STAGE_ORDER = ["uploading", "checking", "queued", "converting", "done"];

let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let errors: string[];
/** Every distinct stage the form's status showed, as "stage: text", in order, across reloads. */
const stages: string[] = [];
let workerPaused = false;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** True when nothing holds the database's write lock (a worker stopped inside a write would block the server's). */
function databaseIsWritable(): boolean {
  const db = new Database(inject("e2eDatabase"), { fileMustExist: true, timeout: 200 });
  try {
    db.exec("BEGIN IMMEDIATE");
    db.exec("ROLLBACK");
    return true;
  } catch {
    return false;
  } finally {
    db.close();
  }
}

async function pauseWorker(): Promise<void> {
  const pid = inject("e2eWorkerPid");
  for (let attempt = 0; attempt < 20; attempt++) {
    process.kill(pid, "SIGSTOP");
    workerPaused = true;
    if (databaseIsWritable()) return;
    resumeWorker();
    await sleep(50);
  }
  throw new Error("could not pause the worker outside a database write");
}

function resumeWorker(): void {
  if (!workerPaused) return;
  process.kill(inject("e2eWorkerPid"), "SIGCONT");
  workerPaused = false;
}

/**
 * The form's stage now ("queued", …), or null when it shows none within
 * `timeoutMs` (short inside a poll, which asks again; long for a single look,
 * which must not read null because a busy machine answered slowly).
 */
function currentStage(timeoutMs = 500): Promise<string | null> {
  return page
    .getByTestId("upload-status")
    .locator("[data-stage]")
    .first()
    .getAttribute("data-stage", { timeout: timeoutMs })
    .catch(() => null);
}

beforeAll(async () => {
  browser = await launchBrowser();
  ({ page, errors } = await newPage(browser.context));
  // Survive navigations: the binding and the observer are installed again in every document the page loads.
  await page.exposeFunction("recordUploadStage", (stage: string) => {
    if (stages.at(-1) !== stage) stages.push(stage);
  });
  await page.addInitScript(() => {
    const record = (window as unknown as { recordUploadStage: (s: string) => void }).recordUploadStage;
    let last = "";
    const look = () => {
      const el = document.querySelector('[data-testid="upload-status"] [data-stage]');
      const stage = el ? `${el.getAttribute("data-stage")}: ${el.textContent?.trim()}` : "";
      if (stage && stage !== last) void record((last = stage));
    };
    document.addEventListener("DOMContentLoaded", () => {
      look();
      new MutationObserver(look).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
  });
});

afterAll(async () => {
  // Other tests need the worker, whatever happened here.
  resumeWorker();
  await browser?.close();
});

describe("scene upload stages", () => {
  let slug = "";
  let sceneId = "";

  it("opens a new site that has one ready scene", async () => {
    await signIn(page, "analyst@example.org");
    slug = await createTestSite(page, `Upload stages ${RUN}`);
    await page.goto(`${baseUrl()}/workspace/sites/${slug}`);
    // The demo's Landsat scene, already stored: linked at once, ready.
    await uploadSceneThroughForm(page, path.join(IMAGERY, "L7_ETMs.tif"), "2001-07-15T12:30:00", "Landsat 7 ETM+");
    await expect.poll(() => page.getByRole("group", { name: "Scene shown on the map" }).getByRole("button").count()).toBe(1);
  });

  it("shows uploading, then queued while no worker is free, and still after a reload", async () => {
    await pauseWorker();
    try {
      stages.length = 0;
      const form = page.getByRole("form", { name: "Upload a scene" });
      if (!(await form.isVisible())) await page.getByText("Upload a scene").click();
      await form.getByLabel("GeoTIFF file").setInputFiles(FILE);
      await form.getByLabel("Acquired (UTC)").fill("2004-02-03T10:00:00");
      await form.getByLabel("Sensor / platform").fill(SENSOR);
      await form.getByLabel("Licence (SPDX id or proprietary)").fill("Apache-2.0");
      await form.getByLabel("Attribution line").fill("Test attribution");
      await form.getByRole("button", { name: "Upload scene" }).click();

      await expect.poll(currentStage, { timeout: 30_000 }).toBe("queued");
      const status = page.getByTestId("upload-status");
      expect(await status.textContent()).toMatch(new RegExp(`Uploaded ${FILENAME.replace(/\./g, "\\.")}\\. Queued: waiting for a worker`));
      expect(stages[0]).toMatch(/^uploading: Uploading .*\d+%$/);
      expect(await page.getByRole("progressbar", { name: `${FILENAME}: waiting for a worker` }).count()).toBe(1);
      expect(await form.getByRole("button", { name: "Cancel the conversion" }).isEnabled()).toBe(true);

      const [row] = queryDb<{ id: string; status: string; conversionJobId: string }>("select id, status, conversionJobId from Scene where sensor = ?", SENSOR);
      expect(row?.status).toBe("PROCESSING");
      sceneId = row!.id;
      expect(queryDb<{ status: string }>("select status from Job where id = ?", row!.conversionJobId)[0]?.status).toBe("QUEUED");

      // Not ready: listed with its state, not offered to the viewer.
      const strip = page.getByRole("group", { name: "Scene shown on the map" });
      await expect.poll(() => page.getByTestId("scene-status-list").textContent()).toMatch(new RegExp(`2004-02-03 ${FILENAME.replace(/\./g, "\\.")}.*queued`));
      expect(await strip.locator(`[data-scene-id="${sceneId}"]`).count()).toBe(0);
      expect(await strip.getByRole("button").count()).toBe(1);

      stages.push("(reload)");
      await page.reload();
      // The form picks the upload up again by itself: its section opens and it is still queued.
      await expect.poll(currentStage, { timeout: 15_000 }).toBe("queued");
      expect(await status.isVisible()).toBe(true);
      expect(await status.textContent()).toContain(`Uploaded ${FILENAME}. Queued`);
      expect(await page.getByTestId("scene-status-list").textContent()).toContain(FILENAME);
      expect(await page.getByRole("group", { name: "Scene shown on the map" }).getByRole("button").count()).toBe(1);
      // Still queued a poll later (the worker is paused), and nothing went wrong on the way.
      await page.waitForTimeout(1_200);
      expect(await currentStage(15_000)).toBe("queued");
    } finally {
      resumeWorker();
    }
  });

  it("converts it once the worker runs again, and offers the ready scene in the viewer", async () => {
    await expect.poll(currentStage, { timeout: 60_000 }).toBe("done");
    expect(await page.getByTestId("upload-status").textContent()).toBe(`${FILENAME} was added: it is ready in the viewer.`);

    const strip = page.getByRole("group", { name: "Scene shown on the map" });
    await expect.poll(() => strip.locator(`[data-scene-id="${sceneId}"]`).count(), { timeout: 15_000 }).toBe(1);
    expect(await strip.getByRole("button").count()).toBe(2);
    expect(await page.getByTestId("scene-status-list").count()).toBe(0);
    // The later scene is shown; with two ready scenes the swipe offers it as the after scene.
    expect(await strip.locator(`[data-scene-id="${sceneId}"]`).getAttribute("aria-pressed")).toBe("true");
    await page.getByRole("button", { name: "Swipe", exact: true }).click();
    const after = page.getByRole("combobox", { name: "After scene" }).first();
    expect(await after.inputValue()).toBe(sceneId);

    const [row] = queryDb<{ status: string; cogSha256: string | null }>("select status, cogSha256 from Scene where id = ?", sceneId);
    expect(row).toEqual({ status: "READY", cogSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });

    // Forwards only, across the reload: uploading … queued | reload | queued … (converting) … done.
    const seen = stages.filter((s) => s !== "(reload)").map((s) => s.slice(0, s.indexOf(":")));
    expect(
      seen.every((s) => STAGE_ORDER.includes(s)),
      stages.join("\n"),
    ).toBe(true);
    const order = seen.map((s) => STAGE_ORDER.indexOf(s));
    expect(
      order.every((o, i) => i === 0 || o >= order[i - 1]!),
      stages.join("\n"),
    ).toBe(true);
    expect(seen[0]).toBe("uploading");
    expect(seen.at(-1)).toBe("done");
    const reloadAt = stages.indexOf("(reload)");
    expect(stages[reloadAt - 1], "queued before the reload").toMatch(/^queued:/);
    expect(stages[reloadAt + 1], "queued again right after the reload").toMatch(/^queued:/);
    expect(errors).toEqual([]);
  });
});
