// What a new reader meets first on a public site page, at 1400 px and on a
// 390 px phone (issue 17): the map on the first screen (on a phone above the
// slider), the release number and date by the title, a "Copy a
// link" that says it copied, the map's credits behind an (i) button where they
// would cover the map, a change picked on the map that does not scroll the
// page away from it, a skip link, and a visible focus ring on the map's
// buttons for keyboard readers.
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "./browser";
import { baseUrl, newPage } from "./helpers";

let context: BrowserContext;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ context, close } = await launchBrowser());
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseUrl() });
});
afterAll(async () => {
  await close();
});

async function openSite(width: number, height: number, query = ""): Promise<{ page: Page; errors: string[] }> {
  const opened = await newPage(context);
  await opened.page.setViewportSize({ width, height });
  await opened.page.goto(`${baseUrl()}/sites/olinda${query}`);
  await opened.page.waitForSelector(".ol-viewport");
  return opened;
}

describe.each([
  { device: "a 1400 px screen", width: 1400, height: 900, collapsed: false },
  { device: "a 390 px phone", width: 390, height: 844, collapsed: true },
])("on $device", ({ width, height, collapsed }) => {
  it("the release number and date are by the title, on the first screen", async () => {
    const { page, errors } = await openSite(width, height);
    const line = page.getByTestId("release-line");
    await expect.poll(() => line.textContent()).toMatch(/^Release \d+ · published \d{4}-\d{2}-\d{2} · the latest/);
    const [title, box] = [await page.locator("h1").boundingBox(), await line.boundingBox()];
    expect(box!.y).toBeGreaterThan(title!.y);
    expect(box!.y + box!.height).toBeLessThan(height);
    expect(errors).toEqual([]);
    await page.close();
  });

  it(`the map is on the first screen, with the slider ${collapsed ? "over its bottom" : "above it"}`, async () => {
    const { page } = await openSite(width, height);
    const [map, slider] = [await page.getByTestId("map").boundingBox(), await page.getByTestId("timeline-slider").boundingBox()];
    // On a phone at most a third of the screen above the map (the header, the title and the release line); on a wide
    // screen the slider is above it, and at least three quarters of the map are on the first screen.
    if (collapsed) expect(map!.y).toBeLessThan(height / 3);
    else expect(map!.y + 0.75 * map!.height).toBeLessThan(height);
    if (collapsed) {
      // Over the map, inside its box, and the map is whole on the first screen.
      expect(slider!.y).toBeGreaterThan(map!.y + map!.height / 2);
      expect(slider!.y + slider!.height).toBeLessThan(map!.y + map!.height);
      expect(map!.y + map!.height).toBeLessThan(height);
    } else expect(slider!.y + slider!.height).toBeLessThan(map!.y);
    await page.close();
  });

  it(`the map's credits are ${collapsed ? "behind an (i) button, which opens them" : "open, with a button to fold them"}`, async () => {
    const { page } = await openSite(width, height);
    const attribution = page.locator(".ol-attribution");
    expect(await attribution.evaluate((e) => e.classList.contains("ol-collapsed"))).toBe(collapsed);
    const button = attribution.locator("button");
    expect(await button.getAttribute("title")).toBe("Imagery and map credits");
    await button.click();
    expect(await attribution.evaluate((e) => e.classList.contains("ol-collapsed"))).toBe(!collapsed);
    await page.close();
  });

  it("'Copy a link' copies the view's link and says so", async () => {
    const { page } = await openSite(width, height);
    await page.getByTestId("copy-permalink").click();
    await expect.poll(() => page.getByTestId("copy-status").textContent()).toBe("Link copied");
    const link = await page.getByTestId("permalink").inputValue();
    expect(link).toMatch(/\/sites\/olinda\?date=\d{4}-\d{2}-\d{2}/);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    await page.close();
  });

  it("picking a change on the map selects it in the list and leaves the page where the reader put it", async () => {
    // The view centred on the first published change.
    const geo = (await (await fetch(`${baseUrl()}/api/public/sites/olinda/changes.geojson`)).json()) as {
      features: Array<{ bbox?: number[]; geometry: { coordinates: number[][][] } }>;
    };
    const ring = geo.features[0]!.geometry.coordinates[0]!;
    const [lon, lat] = [0, 1].map((k) => ring.reduce((sum, p) => sum + p[k]!, 0) / ring.length);
    const { page } = await openSite(width, height, `?lon=${lon}&lat=${lat}&z=15`);
    await expect.poll(() => page.getByTestId("map").getAttribute("data-rendered"), { timeout: 60_000 }).toBe("true");
    await page.getByTestId("map").scrollIntoViewIfNeeded();
    const before = await page.evaluate(() => window.scrollY);
    const map = (await page.getByTestId("map").boundingBox())!;
    await page.mouse.click(map.x + map.width / 2, map.y + map.height / 2);
    await expect.poll(() => page.locator('li[aria-current="true"]').count()).toBe(1);
    await page.waitForTimeout(800); // a smooth scroll would be under way by now
    expect(await page.evaluate(() => window.scrollY)).toBe(before);
    await page.close();
  });

  it("the first Tab shows a skip link that moves past the header; the map's zoom buttons show a focus ring", async () => {
    const { page } = await openSite(width, height);
    await page.keyboard.press("Tab");
    const skip = page.locator(":focus");
    expect(await skip.textContent()).toBe("Skip to content");
    const box = await skip.boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("content");
    // Tab on into the page until the map's zoom-in button has the focus.
    for (let i = 0; i < 60 && !(await page.evaluate(() => document.activeElement?.classList.contains("ol-zoom-in"))); i++) await page.keyboard.press("Tab");
    const ring = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement!);
      return { cls: document.activeElement!.className, style: s.outlineStyle, width: s.outlineWidth };
    });
    expect(ring).toEqual({ cls: "ol-zoom-in", style: "solid", width: "3px" });
    await page.close();
  });

  it("the area plot and its chart library load only when the reader scrolls to them", async () => {
    const { page, errors } = await openSite(width, height);
    const scripts: string[] = [];
    page.on("request", (r) => {
      if (r.resourceType() === "script") scripts.push(r.url());
    });
    await page.waitForLoadState("networkidle");
    const heading = page.getByRole("heading", { name: "Changed area over time" });
    // Below the first screen (by more than the margin it is drawn ahead): not loaded yet.
    if (await heading.evaluate((el) => el.getBoundingClientRect().top > window.innerHeight + 200)) expect(await page.locator(".uplot").count()).toBe(0);
    await heading.scrollIntoViewIfNeeded();
    await page.locator(".uplot canvas").first().waitFor();
    expect(scripts.length).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
