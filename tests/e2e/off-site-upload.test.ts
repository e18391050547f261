// An analyst uploads a scene to a site it does not reach (a site 40 km east of
// Olinda): the form says how far away the scene lies and stores nothing; the
// analyst confirms it belongs there ("Upload anyway") and it is taken in.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { IMAGERY } from "../setup/paths";
import { launchBrowser } from "./browser";
import { baseUrl, newPage, olindaTestSite, queryDb, signIn, square } from "./helpers";

const RUN = Date.now().toString(36);
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let errors: string[];

beforeAll(async () => {
  browser = await launchBrowser();
  ({ page, errors } = await newPage(browser.context));
});

afterAll(async () => {
  await browser?.close();
});

describe("a scene uploaded to a site it does not reach", () => {
  it("is refused with the distance, then taken in once the analyst confirms it", async () => {
    await signIn(page, "analyst@example.org");
    // The Landsat scene's east edge is near -34.82°; this site starts 0.4° further east, out at sea.
    const created = await page.request.post(`${baseUrl()}/api/sites`, {
      headers: { Origin: baseUrl() },
      data: { ...olindaTestSite(`Off-site ${RUN}`), footprint: square(-34.42, -8.0, 0.02) },
    });
    expect(created.status()).toBe(201);
    const { site } = (await created.json()) as { site: { id: string; slug: string } };
    await page.goto(`${baseUrl()}/workspace/sites/${site.slug}`);

    const form = page.getByRole("form", { name: "Upload a scene" });
    if (!(await form.isVisible())) await page.getByText("Upload a scene").click();
    await form.getByLabel("GeoTIFF file").setInputFiles(path.join(IMAGERY, "L7_ETMs.tif"));
    await form.getByLabel("Acquired (UTC)").fill("2001-07-15T12:30:00");
    await form.getByLabel("Sensor / platform").fill("Landsat 7 ETM+");
    await form.getByLabel("Licence (SPDX id or proprietary)").fill("Apache-2.0");
    await form.getByLabel("Attribution line").fill("Test attribution");
    await form.getByRole("button", { name: "Upload scene" }).click();

    const refusal = page.getByTestId("upload-status").locator('[data-stage="refused"]');
    await expect
      .poll(() => refusal.textContent().catch(() => ""), { timeout: 60_000 })
      .toMatch(/L7_ETMs\.tif does not overlap the site "Off-site [^"]+": its footprint lies 4\d(\.\d)? km from the site's/);
    expect(queryDb<{ n: number }>("SELECT COUNT(*) AS n FROM SiteScene WHERE siteId = ?", site.id)[0]!.n).toBe(0);

    await page.getByRole("button", { name: "Upload anyway: it belongs to this site" }).click();
    await expect
      .poll(
        () =>
          page
            .getByTestId("upload-status")
            .locator("[data-stage]")
            .first()
            .getAttribute("data-stage", { timeout: 1_000 })
            .catch(() => null),
        { timeout: 60_000 },
      )
      .toBe("done");
    expect(await page.getByTestId("upload-status").textContent()).toMatch(/already stored/);
    expect(queryDb<{ n: number }>("SELECT COUNT(*) AS n FROM SiteScene WHERE siteId = ?", site.id)[0]!.n).toBe(1);
    expect(errors).toEqual([]);
  });
});
