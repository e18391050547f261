// Journey 1: a member of the public opens the map, clicks the demo site and
// reads its published changes, release and credits.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "./browser";
import { baseUrl, newPage } from "./helpers";

let browser: Awaited<ReturnType<typeof launchBrowser>>;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("the public timeline", () => {
  it("goes from the public map to the site page by clicking the site on the map", async () => {
    const { page, errors } = await newPage(browser.context);
    await page.goto(`${baseUrl()}/`);
    expect(await page.getByRole("heading", { name: /\d+ sites?/ }).textContent()).toMatch(/^\d+ sites?$/);
    expect(await page.getByRole("link", { name: "Olinda (demo)" }).isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId("map").getAttribute("data-rendered"), { timeout: 20_000 }).toBe("true");
    // As a person does: move the pointer over the map until it names the site, then click. Other journeys
    // publish sites at the same place: a group names its sites; clicking it zooms in, or lists them when
    // they share one place.
    const box = (await page.getByTestId("map").boundingBox())!;
    let opened = false;
    for (let attempt = 0; attempt < 4 && !opened; attempt++) {
      await expect.poll(() => page.getByTestId("map").getAttribute("data-rendered"), { timeout: 20_000 }).toBe("true");
      let found: { x: number; y: number; group: boolean } | null = null;
      for (let fy = 0.1; fy < 0.95 && !found; fy += 0.05) {
        for (let fx = 0.1; fx < 0.95 && !found; fx += 0.05) {
          const at = { x: box.x + box.width * fx, y: box.y + box.height * fy };
          await page.mouse.move(at.x, at.y);
          const hover = (await page.getByTestId("map-hover").textContent()) ?? "";
          if (hover.startsWith("Olinda (demo):")) found = { ...at, group: false };
          else if (/^\d+ sites here \(.*Olinda \(demo\)/.test(hover)) found = { ...at, group: true };
        }
      }
      expect(found).not.toBeNull();
      await page.mouse.click(found!.x, found!.y);
      await page.waitForTimeout(400); // a zoom animation, or the list of sites at that place
      if (!found!.group) opened = true;
      else if (await page.getByTestId("map-pick").isVisible()) {
        await page.getByTestId("map-pick").getByRole("link", { name: "Olinda (demo)" }).click();
        opened = true;
      }
    }
    expect(opened).toBe(true);
    await page.waitForURL((u) => u.pathname === "/sites/olinda", { timeout: 15_000 });

    await expect.poll(() => page.title()).toBe("Olinda (demo) · Sitewatch");
    const changes = page.getByTestId("public-changes").locator("li[data-change-id]");
    expect(await changes.count()).toBe(2);
    const text = (await page.getByTestId("public-changes").textContent())!;
    for (const expected of [
      "construction",
      "burned structures",
      "destroyed",
      "high confidence",
      "medium confidence",
      "2001-07-15 and 2003-08-02",
      "Demo field report (fictional)",
    ]) {
      expect(text).toContain(expected);
    }
    // A withheld source never reaches the public.
    expect(await page.content()).not.toContain("internal-witness-note");
    // Other journeys may have published later releases of the demo site: release 1 is in its history.
    expect(await page.getByRole("heading", { name: /^Release \d+/ }).isVisible()).toBe(true);
    expect(await page.getByTestId("release-history").textContent()).toMatch(/Release 1\b.*First release/s);
    const credits = (await page.getByTestId("imagery-credits").textContent())!;
    expect(credits).toContain("Landsat 7 ETM+ courtesy of the U.S. Geological Survey");
    expect(credits).toMatch(/synthetic: derived for demonstration/);
    await expect.poll(() => page.getByTestId("map").getAttribute("data-rendered"), { timeout: 20_000 }).toBe("true");

    // Map and list are linked: clicking a listed change selects it.
    await page.getByRole("button", { name: "burned structures" }).click();
    expect(await page.locator('li[aria-current="true"]').textContent()).toContain("burned structures");
    expect(errors).toEqual([]);
  });
});
