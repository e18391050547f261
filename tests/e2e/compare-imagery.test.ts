// An analyst uploads two scenes, sees the upload and conversion progress, and
// compares them: swipe on one map (the screenshot shows imagery, and moving
// the swipe changes what is seen), pixel values under the cursor, side by side.
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import { deriveSyntheticScene } from "@/imagery/synthetic/derive-scene";
import { IMAGERY, TMP } from "../setup/paths";
import { launchBrowser } from "./browser";
import { baseUrl, newPage, queryDb, signIn, uploadSceneThroughForm, createTestSite } from "./helpers";

let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let errors: string[];
let slug = "";

beforeAll(async () => {
  browser = await launchBrowser();
  ({ page, errors } = await newPage(browser.context));
});
afterAll(async () => {
  await browser?.close();
});

/** Uploads through the form and returns the stages the status line went through. */
async function uploadScene(file: string, acquired: string, sensor: string): Promise<string[]> {
  if (!(await page.getByRole("form", { name: "Upload a scene" }).isVisible())) await page.getByText("Upload a scene").click();
  await page.evaluate(() => {
    const w = window as unknown as { stages: string[]; stageObserver?: MutationObserver };
    w.stages = [];
    w.stageObserver?.disconnect();
    const status = document.querySelector('[data-testid="upload-status"]')!;
    const record = () => {
      const el = status.querySelector("[data-stage]");
      const stage = el ? `${el.getAttribute("data-stage")}:${el.textContent?.trim()}` : "";
      if (stage && w.stages.at(-1) !== stage) w.stages.push(stage);
    };
    w.stageObserver = new MutationObserver(record);
    w.stageObserver.observe(status, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  await uploadSceneThroughForm(page, file, acquired, sensor);
  return page.evaluate(() => (window as unknown as { stages: string[] }).stages);
}

/** Distinct colours in the middle of a region of a PNG screenshot (imagery has many; the basemap a handful). */
async function region(png: Buffer, x0: number, x1: number) {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  const colours = new Set<number>();
  const pixels: number[] = [];
  for (let y = Math.floor(info.height * 0.3); y < info.height * 0.7; y++) {
    for (let x = Math.floor(info.width * x0); x < info.width * x1; x++) {
      const i = (y * info.width + x) * info.channels;
      colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
      pixels.push(data[i]!, data[i + 1]!, data[i + 2]!);
    }
  }
  return { colours: colours.size, pixels };
}

async function loadedScenes(map: Locator): Promise<string[]> {
  return ((await map.getAttribute("data-scenes-loaded")) ?? "").split(" ").filter(Boolean);
}

describe("analyst compares two dates", () => {
  it("uploads two scenes and sees the upload and the conversion progress", async () => {
    await signIn(page, "analyst@example.org");
    slug = await createTestSite(page, `Compare ${Date.now().toString(36)}`);
    await page.goto(`${baseUrl()}/workspace/sites/${slug}`);

    const first = await uploadScene(path.join(IMAGERY, "generated/l7-multilevel-rgb-tiled.tif"), "2001-07-15T12:00:00", "Landsat 7 ETM+ (resampled)");
    expect(first.some((s) => s.startsWith("uploading:"))).toBe(true);
    // Accepted, then converted by the worker (whether a poll catches it mid-conversion depends on the machine's speed;
    // upload-stages.test.ts pauses the worker to see each stage).
    expect(first.some((s) => s.startsWith("queued:"))).toBe(true);
    expect(first.at(-1)).toMatch(/^done:.*was added/);
    // A later scene of its own (other tests upload the shared synthetic one with other dates).
    const later = path.join(TMP, `compare-later-${Date.now().toString(36)}.tif`);
    await deriveSyntheticScene({
      input: path.join(IMAGERY, "L7_ETMs.tif"),
      output: later,
      changes: [{ rect: [200, 150, 240, 190], values: [20, 20, 20, 20, 20, 20] }],
      epsg: 31985,
    });
    await uploadScene(later, "2003-03-01T12:00:00", "derived (synthetic)");
    await expect.poll(() => page.locator(".scene-strip button").count()).toBe(2);
    // Both scenes are stored as cloud-optimised copies next to their originals.
    const rows = queryDb<{ cogSha256: string | null }>(
      "select s.cogSha256 from Scene s join SiteScene ss on ss.sceneId = s.id join Site t on t.id = ss.siteId where t.slug = ?",
      slug,
    );
    expect(rows.map((r) => r.cogSha256)).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/), expect.stringMatching(/^[0-9a-f]{64}$/)]);
  });

  it("swipes between them: the map shows imagery on both sides, and the swipe changes what is seen", async () => {
    await page.getByRole("button", { name: "Swipe", exact: true }).click();
    const map = page.getByTestId("map").first();
    await expect.poll(() => loadedScenes(map), { timeout: 30_000 }).toHaveLength(2);
    await map.scrollIntoViewIfNeeded();
    // The divider on the map, moved from the keyboard (it starts in the middle).
    const slider = page.getByRole("slider", { name: "Swipe between the before and after scenes" });
    expect(await slider.getAttribute("aria-valuenow")).toBe("50");
    await page.waitForTimeout(800);
    const half = await map.screenshot();
    const left = await region(half, 0.1, 0.45);
    const right = await region(half, 0.55, 0.9);
    expect(left.colours).toBeGreaterThan(300);
    expect(right.colours).toBeGreaterThan(300);

    await slider.focus();
    await page.keyboard.press("Home");
    await page.waitForTimeout(800);
    const afterOnly = await region(await map.screenshot(), 0.1, 0.9);
    await page.keyboard.press("End");
    await page.waitForTimeout(800);
    const beforeOnly = await region(await map.screenshot(), 0.1, 0.9);
    let diff = 0;
    for (let i = 0; i < afterOnly.pixels.length; i++) diff += Math.abs(afterOnly.pixels[i]! - beforeOnly.pixels[i]!);
    expect(diff / afterOnly.pixels.length).toBeGreaterThan(5);
  });

  it("reads the pixel values of both scenes and the coordinates under the cursor", async () => {
    const box = (await page.getByTestId("map").first().boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await page.mouse.move(box.x + box.width * 0.52, box.y + box.height * 0.51);
    await expect.poll(() => page.getByTestId("pixel-readout").textContent()).toMatch(/-7\.\d+°, -34\.\d+°/);
    const text = (await page.getByTestId("pixel-readout").textContent())!;
    expect(text).toMatch(/2001-07-15: b1 \d+, b2 \d+, b3 \d+/);
    expect(text).toMatch(/2003-03-01: b3 \d+, b2 \d+, b1 \d+/);
  });

  it("shows them side by side, each with its own band choice", async () => {
    await page.getByRole("button", { name: "Side by side" }).click();
    const maps = page.getByTestId("compare-side").getByTestId("map");
    await expect.poll(() => maps.count()).toBe(2);
    await expect.poll(async () => [...(await loadedScenes(maps.nth(0))), ...(await loadedScenes(maps.nth(1)))], { timeout: 30_000 }).toHaveLength(2);
    // The two views are linked: zooming the left map zooms the right one with it.
    // The scale bar's text and width together name the map's resolution.
    const scale = async (i: number) => {
      const bar = maps.nth(i).locator(".ol-scale-line-inner");
      return `${await bar.textContent()} ${await bar.getAttribute("style")}`;
    };
    const before = await scale(1);
    await maps.nth(0).locator(".ol-zoom-in").click();
    // Zooming animates: wait until the right map has moved on and both maps agree (read together, not mid-animation).
    await expect.poll(async () => [(await scale(1)) !== before, (await scale(1)) === (await scale(0))]).toEqual([true, true]);
    await page.getByLabel("After: band shown as red").selectOption("4");
    await expect.poll(() => page.getByLabel("After: band shown as red").inputValue()).toBe("4");
    await expect.poll(() => loadedScenes(maps.nth(1)), { timeout: 30_000 }).toHaveLength(1);
    const shot = await maps.nth(1).screenshot();
    expect((await region(shot, 0.2, 0.8)).colours).toBeGreaterThan(300);
    expect(errors).toEqual([]);
  });
});
