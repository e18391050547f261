// Journeys 2 and 3: an analyst creates a site by drawing its footprint,
// uploads two scenes, sees one over the site, draws and submits a change; an
// editor approves it (but may never approve their own), publishes a release,
// and the public page shows it without a restart.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { syntheticLandsatFile } from "../factories/synthetic-file";
import { IMAGERY } from "../setup/paths";
import { launchBrowser } from "./browser";
import { baseUrl, drawPolygon, newPage, queryDb, signIn, signOut, uploadSceneThroughForm } from "./helpers";

let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let errors: string[];
const SITE_NAME = `Forest edge ${Date.now().toString(36)}`;
const CHANGE_TEXT = `A new compound appears in the clearing (${Date.now().toString(36)})`;
let slug = "";

beforeAll(async () => {
  browser = await launchBrowser();
  ({ page, errors } = await newPage(browser.context));
});
afterAll(async () => {
  await browser?.close();
});

function uploadScene(file: string, acquired: string, sensor: string) {
  return uploadSceneThroughForm(page, file, acquired, sensor);
}

describe("analyst: site, scenes, change", () => {
  it("signs in and sees the workspace list of sites", async () => {
    await signIn(page, "analyst@example.org");
    expect(await page.getByTestId("workspace-sites").textContent()).toContain("Olinda (demo)");
  });

  it("creates a site by drawing its footprint on the map", async () => {
    await page.getByRole("link", { name: "New site" }).click();
    await page.getByLabel("Go to lon, lat").fill("-34.87, -7.99");
    await page.getByRole("button", { name: "Go", exact: true }).click();
    await drawPolygon(page, [
      [0.3, 0.3],
      [0.7, 0.3],
      [0.7, 0.7],
      [0.3, 0.7],
    ]);
    await expect.poll(() => page.getByTestId("footprint-status").textContent()).toMatch(/Footprint: [\d,.]+ (ha|m²)/);
    await page.getByLabel("Name").fill(SITE_NAME);
    await page.getByLabel("Country").fill("Brazil");
    await page.getByRole("button", { name: "Create site" }).click();
    await page.waitForURL(/\/workspace\/sites\/forest-edge-/);
    slug = new URL(page.url()).pathname.split("/").pop()!;
    const [row] = queryDb<{ footprint: string }>("select footprint from Site where slug = ?", slug);
    const ring = JSON.parse(row!.footprint).coordinates[0] as [number, number][];
    expect(ring).toHaveLength(5);
    for (const [lon, lat] of ring) {
      expect(lon).toBeGreaterThan(-34.9);
      expect(lon).toBeLessThan(-34.84);
      expect(lat).toBeGreaterThan(-8.02);
      expect(lat).toBeLessThan(-7.96);
    }
  });

  it("can also create a site by pasting GeoJSON, and is told plainly what is wrong with a bad one", async () => {
    await page.goto(`${baseUrl()}/workspace/sites/new`);
    const paste = page.getByLabel("Or paste the footprint as GeoJSON (Polygon, MultiPolygon or a Feature)");
    const bowtie = {
      type: "Polygon",
      coordinates: [
        [
          [-34.86, -8.01],
          [-34.85, -8.0],
          [-34.85, -8.01],
          [-34.86, -8.0],
          [-34.86, -8.01],
        ],
      ],
    };
    await paste.fill(JSON.stringify(bowtie));
    await page.getByRole("button", { name: "Use pasted GeoJSON" }).click();
    await expect.poll(() => page.getByTestId("footprint-status").textContent()).toMatch(/edges cross each other near \[-34\.855/);
    // The server applies the same rule: 422 with the reason, nothing stored.
    const refused = await page.evaluate(async (footprint) => {
      const r = await fetch("/api/sites", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ name: "Bowtie", kind: "other", qualifier: "suspected", country: "Brazil", footprint }),
      });
      return { status: r.status, body: await r.json() };
    }, bowtie);
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toMatch(/^site footprint: edges cross/);
    expect(queryDb("select id from Site where name = 'Bowtie'")).toEqual([]);

    const feature = {
      type: "Feature",
      properties: {},
      geometry: {
        type: "Polygon",
        coordinates: [
          [
            [-34.86, -8.01],
            [-34.85, -8.01],
            [-34.85, -8.0],
            [-34.86, -8.0],
            [-34.86, -8.01],
          ],
        ],
      },
    };
    await paste.fill(JSON.stringify(feature));
    await page.getByRole("button", { name: "Use pasted GeoJSON" }).click();
    await expect.poll(() => page.getByTestId("footprint-status").textContent()).toMatch(/Footprint: 1[\d.,]* ha/);
    await page.getByLabel("Name").fill(`${SITE_NAME} pasted`);
    await page.getByLabel("Country").fill("Brazil");
    await page.getByRole("button", { name: "Create site" }).click();
    await page.waitForURL(/\/workspace\/sites\/forest-edge-.*-pasted$/);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toContain(`${SITE_NAME} pasted`);
    await page.goto(`${baseUrl()}/workspace/sites/${slug}`);
  });

  it("uploads two scenes with progress and sees the later one over the site", async () => {
    await uploadScene(path.join(IMAGERY, "L7_ETMs.tif"), "2001-07-15T12:30:00", "Landsat 7 ETM+");
    await uploadScene(await syntheticLandsatFile(), "2003-08-02T12:30:00", "Synthetic test scene");
    await page.reload();
    const strip = page.getByRole("group", { name: "Scene shown on the map" });
    expect(await strip.getByRole("button").count()).toBe(2);
    expect(await strip.textContent()).toContain("2003-08-02");
    // The scene is read through the signed-in Range endpoint and drawn by the WebGL layer.
    await expect.poll(() => page.getByTestId("map").getAttribute("data-scene-loaded"), { timeout: 30_000 }).toBeTruthy();
  });

  it("refuses a hostile file with the reason, and keeps the page usable", async () => {
    const form = page.getByRole("form", { name: "Upload a scene" });
    if (!(await form.isVisible())) await page.getByText("Upload a scene").click();
    await form.getByLabel("GeoTIFF file").setInputFiles(path.join(IMAGERY, "bad", "truncated.tif"));
    await form.getByLabel("Acquired (UTC)").fill("2005-01-01T00:00:00");
    await form.getByLabel("Licence (SPDX id or proprietary)").fill("proprietary");
    await form.getByLabel("Attribution line").fill("x");
    await form.getByRole("button", { name: "Upload scene" }).click();
    await expect.poll(() => page.getByTestId("upload-status").textContent(), { timeout: 30_000 }).toMatch(/truncated\.tif: the file is truncated/);
  });

  it("draws a change with the mouse, describes it and submits it", async () => {
    await page.getByRole("button", { name: "Draw a change" }).click();
    await drawPolygon(page, [
      [0.45, 0.45],
      [0.55, 0.45],
      [0.55, 0.55],
      [0.45, 0.55],
    ]);
    await expect.poll(() => page.getByTestId("change-geometry-status").textContent()).toMatch(/Drawn: [\d,.]+ (ha|m²)/);
    const form = page.getByRole("form", { name: "Describe the change" });
    // Demolition takes a damage grade (construction does not: the grade select is disabled for it).
    await form.getByLabel("Change type").selectOption("construction");
    expect(await form.getByLabel("Damage grade").isDisabled()).toBe(true);
    await form.getByLabel("Change type").selectOption("demolition");
    await form.getByLabel("Damage grade").selectOption("possibly_damaged");
    await form.getByLabel("Confidence").selectOption("high");
    await form.getByLabel("Before scene").selectOption({ label: "2001-07-15 Landsat 7 ETM+" });
    await form.getByLabel("After scene").selectOption({ label: "2003-08-02 Synthetic test scene" });
    await form.getByLabel("Description").fill(CHANGE_TEXT);
    await form.getByLabel("URL", { exact: true }).fill("https://example.org/e2e-source");
    await form.getByLabel("Title").fill("E2E source");
    await form.getByRole("button", { name: "Save and submit for review" }).click();
    const card = page.locator("article", { hasText: CHANGE_TEXT });
    await expect.poll(() => card.getAttribute("data-status"), { timeout: 15_000 }).toBe("SUBMITTED");
    expect(await card.textContent()).toContain("2001-07-15 → 2003-08-02");
    expect(errors).toEqual([]);
    await signOut(page);
  });
});

describe("editor: review and publish", () => {
  it("sees the change in the review queue, opens it on the map over its after scene, and approves it", async () => {
    await signIn(page, "editor@example.org");
    await page.getByRole("link", { name: "Review queue" }).click();
    const item = page.getByTestId("review-queue").locator("section", { hasText: CHANGE_TEXT });
    await item.getByRole("link", { name: "Open on the map over its after scene" }).click();
    await page.waitForURL(/\?change=/);
    const selected = page.locator('article[aria-current="true"]');
    expect(await selected.textContent()).toContain(CHANGE_TEXT);
    expect(await page.getByRole("button", { pressed: true, name: /2003-08-02/ }).count()).toBe(1);
    await expect.poll(() => page.getByTestId("map").getAttribute("data-scene-loaded"), { timeout: 30_000 }).toBeTruthy();
    await selected.getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => page.locator("article", { hasText: CHANGE_TEXT }).getAttribute("data-status")).toBe("APPROVED");
    await page.getByRole("link", { name: "Review queue" }).click();
    expect(await page.getByTestId("review-queue").locator("article", { hasText: CHANGE_TEXT }).count()).toBe(0);
    const [row] = queryDb<{ status: string }>("select status from Annotation a join AnnotationRevision r on r.id = a.currentRevisionId where r.description = ?", CHANGE_TEXT);
    expect(row!.status).toBe("APPROVED");
  });

  it("is refused by the server when approving their own change", async () => {
    const [site] = queryDb<{ id: string }>("select id from Site where slug = ?", slug);
    const scenes = queryDb<{ id: string }>("select s.id from Scene s join SiteScene l on l.sceneId = s.id where l.siteId = ? order by s.acquiredAt", site!.id);
    const outcome = await page.evaluate(
      async ({ siteId, before, after }) => {
        const create = await fetch(`/api/sites/${siteId}/annotations`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({
            geometry: {
              type: "Polygon",
              coordinates: [
                [
                  [-34.87, -7.99],
                  [-34.869, -7.99],
                  [-34.869, -7.989],
                  [-34.87, -7.99],
                ],
              ],
            },
            changeType: "other",
            confidence: "low",
            beforeSceneId: before,
            afterSceneId: after,
            description: "editor's own change",
          }),
        });
        const { annotation } = await create.json();
        const submit = await fetch(`/api/annotations/${annotation.id}/transitions`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ to: "SUBMITTED", version: annotation.version }),
        });
        const submitted = (await submit.json()).annotation;
        const approve = await fetch(`/api/annotations/${annotation.id}/transitions`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ to: "APPROVED", version: submitted.version }),
        });
        return { status: approve.status, body: await approve.json() };
      },
      { siteId: site!.id, before: scenes[0]!.id, after: scenes[1]!.id },
    );
    expect(outcome.status).toBe(403);
    expect(outcome.body.error.message).toMatch(/you wrote/);
    // And the queue offers them no button for it.
    await page.reload();
    const own = page.getByTestId("review-queue").locator("article", { hasText: "editor's own change" });
    expect(await own.getByRole("button", { name: "Approve" }).count()).toBe(0);
  });

  it("publishes a release with a note, and the public page shows it at once", async () => {
    await page.goto(`${baseUrl()}/workspace/sites/${slug}`);
    const form = page.getByRole("form", { name: "Publish a release" });
    // The panel says what the release will contain before it is made.
    await expect.poll(() => form.getByTestId("release-preview").textContent(), { timeout: 15_000 }).toContain("Release 1 will publish: 1 new change, 0 revised, 0 retracted");
    await form.getByLabel("Release note (public)").fill("First release of the forest edge site.");
    await form.getByRole("button", { name: "Publish release" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toContain("Release 1 is published.");
    // Signed with the installation's key, and the archive anyone can verify is one click away.
    expect(await form.getByTestId("release-signed").textContent()).toMatch(/^Release 1 is published, signed with key [0-9a-f]{16}: its verifiable archive\.$/);
    expect(await form.getByTestId("release-signed").getByRole("link").getAttribute("href")).toBe(`/sites/${slug}/releases/1/archive.zip`);
    // Its public tiles are drawn by the worker before readers ask (behind any other release's, one release at a time),
    // and the editor sees where that is. (tests/db/prerender-tiles.test.ts follows the job to its end.)
    await expect
      .poll(() => form.getByTestId("prerender-status").textContent())
      .toMatch(
        /^(The public map tiles of release 1 are queued to be drawn\.|Drawing the public map tiles of release 1: \d+ of \d+ tiles .*\(\d+ %\)\.|Every public map tile is ready: release 1: .*)$/,
      );

    await signOut(page);
    await page.goto(`${baseUrl()}/sites/${slug}`);
    expect(await page.getByRole("heading", { name: /Release 1/ }).isVisible()).toBe(true);
    expect(await page.getByTestId("release-note").textContent()).toBe("First release of the forest edge site.");
    const text = (await page.getByTestId("public-changes").textContent())!;
    expect(text).toContain(CHANGE_TEXT);
    expect(text).toContain("possibly damaged");
    expect(text).toContain("high confidence");
    expect(text).toContain("E2E source");
    expect(text).toContain("reviewed by Eli Editor");
    expect(await page.content()).not.toContain("editor's own change");
    expect(await page.getByTestId("imagery-credits").textContent()).toContain("Synthetic test scene");
    expect(errors).toEqual([]);
  });
});
