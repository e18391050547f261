// Journey 5, the whole review workflow on the demo site: an analyst draws a
// change whose edges cross, sees the crossing flagged on the map, fixes it by
// dragging a corner and submits; an editor compares the imagery and requests
// changes; the analyst finds the request in their list, revises the outline and
// resubmits; a second editor approves and publishes; the public page shows the
// next release with its changelog; an editor retracts the change and the public
// sees the retraction note in the release after, while the older release stays
// as it was. Then: two tabs editing one change (409, shown and reapplied), and
// the drawing tools' keyboard shortcuts and GeoJSON import.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import { launchBrowser } from "./browser";
import { baseUrl, newPage, queryDb, signIn, signOut } from "./helpers";

let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let errors: string[];
const RUN = Date.now().toString(36);
const TEXT = `A block of houses is razed in the later scene (${RUN})`;
const REVISED = `${TEXT}. Revised: the western wall is outlined too.`;
const RETRACTION = `Retracted (${RUN}): the cleared ground is a cloud shadow in the later scene.`;
let firstRelease = 0;
/** The date of the after image the change was drawn on (YYYY-MM-DD). */
let afterDate = "";
/** Waits that cross the server (a save, then the page refreshing): expect.poll's own default is one second. */
const SLOW = { timeout: 15_000 };

/** A point on the analyst map as fractions of its box. */
async function at(p: Page, fx: number, fy: number) {
  const box = (await p.getByTestId("map").first().boundingBox())!;
  return { x: box.x + box.width * fx, y: box.y + box.height * fy };
}

async function clickAt(p: Page, fx: number, fy: number) {
  const { x, y } = await at(p, fx, fy);
  await p.mouse.click(x, y);
  // Apart, so OpenLayers does not read two clicks as a double-click.
  await p.waitForTimeout(350);
}

/** Drags a corner of the outline being edited, as a person does with the mouse. */
async function dragCorner(p: Page, from: [number, number], to: [number, number]) {
  const a = await at(p, ...from);
  const b = await at(p, ...to);
  await p.mouse.move(a.x, a.y);
  await p.waitForTimeout(150);
  await p.mouse.down();
  await p.mouse.move(b.x, b.y, { steps: 12 });
  await p.mouse.up();
  await p.waitForTimeout(300);
}

function markers(p: Page) {
  return p.getByTestId("map").first().getAttribute("data-sketch-markers");
}

function card(p: Page, text: string): Locator {
  return p.locator("article.change-item", { hasText: text });
}

function latestRelease(): number {
  return queryDb<{ n: number }>("select max(r.number) as n from Release r join Site s on s.id = r.siteId where s.slug = 'olinda'")[0]!.n;
}

beforeAll(async () => {
  browser = await launchBrowser();
  ({ page, errors } = await newPage(browser.context));
  firstRelease = latestRelease();
});
afterAll(async () => {
  await browser?.close();
});

describe("a change through the whole review workflow", () => {
  it("the analyst draws an outline whose edges cross and sees the crossing flagged on the map", async () => {
    await signIn(page, "analyst@example.org");
    await page.goto(`${baseUrl()}/workspace/sites/olinda`);
    await page.getByRole("button", { name: "Draw a change" }).click();
    await page.locator('[data-testid="map"][data-drawing="true"]').waitFor();
    await page.getByTestId("map").first().scrollIntoViewIfNeeded();
    // Corners in the wrong order: the second and fourth are swapped, so the edges cross.
    for (const [fx, fy] of [
      [0.46, 0.38],
      [0.54, 0.46],
      [0.54, 0.38],
      [0.46, 0.46],
      [0.46, 0.38],
    ] as const)
      await clickAt(page, fx, fy);
    await expect.poll(() => page.getByTestId("change-geometry-problems").textContent(), SLOW).toMatch(/edges cross each other near \[-34\.\d+, -7\.\d+\]/);
    expect(await page.getByTestId("change-geometry-status").textContent()).toMatch(/edges cross/);
    // The crossing is marked where it is: one marker, at the middle of the bowtie.
    expect(await markers(page)).toBe("1");
  });

  it("fixes it by dragging a corner, and can undo and redo the fix from the keyboard", async () => {
    await expect.poll(() => page.getByTestId("map").first().getAttribute("data-sketch-tool"), SLOW).toBe("edit");
    await dragCorner(page, [0.54, 0.46], [0.5, 0.3]);
    await expect.poll(() => page.getByTestId("change-geometry-status").textContent(), SLOW).toMatch(/^Drawn: [\d,.]+ (ha|m²), no problems found$/);
    expect(await markers(page)).toBe("0");
    await page.keyboard.press("Control+z");
    await expect.poll(() => markers(page), SLOW).toBe("1");
    await page.keyboard.press("Control+Shift+z");
    await expect.poll(() => markers(page), SLOW).toBe("0");
    await page.keyboard.press("?");
    expect(await page.getByTestId("drawing-help").textContent()).toContain("Alt+click a corner to delete it");
  });

  it("describes it with a damage grade, two sources (one withheld) and tags, and submits it", async () => {
    const form = page.getByRole("form", { name: "Describe the change" });
    await form.getByLabel("Change type").selectOption({ label: "demolition" });
    await form.getByLabel("Damage grade").selectOption("damaged");
    await form.getByLabel("Confidence").selectOption("medium");
    expect(await form.getByLabel("Before scene").inputValue()).toBe(
      queryDb<{ id: string }>(
        "select s.id from Scene s join SiteScene l on l.sceneId = s.id join Site t on t.id = l.siteId where t.slug = 'olinda' order by s.acquiredAt limit 1",
      )[0]!.id,
    );
    // The after image is the site's newest, which other test files running at the same time may have just uploaded:
    // the changelog is checked against the one chosen here.
    const afterId = await form.getByLabel("After scene").inputValue();
    afterDate = new Date(queryDb<{ acquiredAt: string | number }>("select acquiredAt from Scene where id = ?", afterId)[0]!.acquiredAt).toISOString().slice(0, 10);
    await form.getByLabel("Description").fill(TEXT);
    await form.getByLabel("Tags (comma-separated; internal, never published)").fill(`e2e-${RUN}, perimeter`);
    const first = form.getByRole("group", { name: "Source 1" });
    await first.getByLabel("URL", { exact: true }).fill(`https://example.org/e2e-report-${RUN}`);
    await first.getByLabel("Title").fill("E2E demolition report");
    await first.getByLabel("Accessed").fill("2024-03-01");
    await form.getByRole("button", { name: "Add a source" }).click();
    const second = form.getByRole("group", { name: "Source 2" });
    await second.getByLabel("URL", { exact: true }).fill(`https://example.org/e2e-withheld-witness-${RUN}`);
    await second.getByLabel("Title").fill("Witness statement");
    await second.getByLabel("Withhold from the public (reviewers only)").check();
    await form.getByRole("button", { name: "Save and submit for review" }).click();
    await expect.poll(() => card(page, TEXT).getAttribute("data-status"), { timeout: 15_000 }).toBe("SUBMITTED");
    const text = (await card(page, TEXT).textContent())!;
    expect(text).toContain("damaged");
    expect(text).toContain(`e2e-${RUN}`);
    expect(text).toContain("withheld from public");
    expect(errors).toEqual([]);
    await signOut(page);
  });

  it("an editor compares the before and after imagery in the queue and requests changes without leaving it", async () => {
    await signIn(page, "editor@example.org");
    await page.goto(`${baseUrl()}/workspace/review?type=demolition`);
    expect(await page.getByTestId("queue-count").textContent()).toMatch(/^\d+ changes? match/);
    const item = page.locator("[data-queue-item]", { hasText: TEXT });
    if ((await item.getByTestId("review-compare").count()) === 0) await item.getByRole("button", { name: "Compare the imagery" }).click();
    const maps = item.getByTestId("review-compare").getByTestId("map");
    expect(await maps.count()).toBe(2);
    for (const i of [0, 1]) await expect.poll(() => maps.nth(i).getAttribute("data-scene-loaded"), { timeout: 30_000 }).toBeTruthy();
    await item.getByLabel(/^Comment/).fill("Outline the western wall too; it was razed as well.");
    await item.getByRole("button", { name: "Request changes" }).click();
    await expect.poll(() => page.locator("[data-queue-item]", { hasText: TEXT }).count(), SLOW).toBe(0);
    expect(new URL(page.url()).pathname).toBe("/workspace/review");
    await signOut(page);
  });

  it("the analyst finds the request in their own list, revises the outline and resubmits", async () => {
    await signIn(page, "analyst@example.org");
    const row = page.getByTestId("own-changes").locator("tr", { hasText: TEXT.slice(0, 60) });
    expect(await row.getAttribute("data-status")).toBe("CHANGES_REQUESTED");
    expect(await row.textContent()).toContain("Outline the western wall too");
    expect(await page.getByTestId("own-changes").locator("tbody tr").first().getAttribute("data-status")).toBe("CHANGES_REQUESTED");
    await row.getByRole("link").click();
    await page.waitForURL(/\/workspace\/sites\/olinda\?change=/);
    await card(page, TEXT).getByRole("button", { name: "Edit" }).click();
    const form = page.getByRole("form", { name: "Edit the change" });
    await expect.poll(() => page.getByTestId("map").first().getAttribute("data-sketch-tool"), SLOW).toBe("edit");
    // The editor asked for the western wall: the west corner moves further west.
    await page.getByTestId("map").first().scrollIntoViewIfNeeded();
    await dragCorner(page, [0.46, 0.38], [0.43, 0.38]);
    await expect.poll(() => page.getByTestId("change-geometry-status").textContent(), SLOW).toMatch(/no problems found/);
    await form.getByLabel("Description").fill(REVISED);
    await form.getByLabel("What you changed and why (kept in the change's history)").fill("Added the western wall, as asked.");
    await form.getByRole("button", { name: "Save and resubmit" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent(), SLOW).toMatch(/Saved as revision 2 and sent for review/);
    const revised = card(page, REVISED);
    expect(await revised.getAttribute("data-status")).toBe("SUBMITTED");
    await revised.getByRole("button", { name: "History" }).click();
    const history = revised.getByTestId("history");
    await expect.poll(() => history.textContent(), SLOW).toContain("Ana Analyst edited it, revision 2: “Added the western wall, as asked.”");
    expect(await history.textContent()).toContain("Eli Editor asked for changes to it");
    // The outline before and after the edit, drawn one over the other.
    expect(await history.locator('[data-outline="before"]').count()).toBeGreaterThan(0);
    expect(await history.locator('[data-outline="after"]').count()).toBeGreaterThan(0);
    await signOut(page);
  });

  it("a second editor approves it, sees what the release will contain, and publishes it", async () => {
    await signIn(page, "editor2@example.org");
    await page.goto(`${baseUrl()}/workspace/review`);
    const item = page.locator("[data-queue-item]", { hasText: REVISED });
    await item.getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => page.locator("[data-queue-item]", { hasText: REVISED }).count(), SLOW).toBe(0);
    await page.goto(`${baseUrl()}/workspace/sites/olinda`);
    const publish = page.getByRole("form", { name: "Publish a release" });
    await expect.poll(() => publish.getByTestId("release-preview").textContent(), SLOW).toContain(`Release ${firstRelease + 1} will publish: 1 new change, 0 revised, 0 retracted`);
    await publish.getByLabel("Release note (public)").fill(`A demolished block, revised after review (${RUN}).`);
    await publish.getByRole("button", { name: "Publish release" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent(), SLOW).toContain(`Release ${firstRelease + 1} is published.`);
    await signOut(page);
  });

  it("the public sees the new release with its changelog, and nothing withheld or internal", async () => {
    await page.goto(`${baseUrl()}/sites/olinda`);
    expect(await page.getByRole("heading", { name: new RegExp(`^Release ${firstRelease + 1}`) }).isVisible()).toBe(true);
    expect(await page.getByTestId("release-note").textContent()).toContain(RUN);
    const added = page.getByTestId("changelog").first().locator('li[data-kind="added"]');
    expect(await added.textContent()).toMatch(new RegExp(`added demolition detected between 2001-07-15 and ${afterDate}`));
    const changes = (await page.getByTestId("public-changes").textContent())!;
    expect(changes).toContain(REVISED);
    expect(changes).toContain("damaged");
    expect(changes).toContain("E2E demolition report");
    expect(changes).toMatch(/revision 2 · first published in release \d+/);
    const html = await page.content();
    for (const secret of [`e2e-withheld-witness-${RUN}`, "Witness statement", `e2e-${RUN}`, "Outline the western wall too", "Added the western wall, as asked."])
      expect(html).not.toContain(secret);
  });

  it("an editor retracts it with a public note, and the release after shows the retraction while the older one stays as it was", async () => {
    await signIn(page, "editor@example.org");
    await page.goto(`${baseUrl()}/workspace/sites/olinda`);
    const published = card(page, REVISED);
    expect(await published.getAttribute("data-status")).toBe("PUBLISHED");
    await published.getByRole("button", { name: "Retract…" }).click();
    await published.getByLabel(/^Public note/).fill(RETRACTION);
    await published.getByRole("button", { name: "Retract" }).click();
    await expect.poll(() => card(page, REVISED).getAttribute("data-status"), SLOW).toBe("RETRACTED");
    const publish = page.getByRole("form", { name: "Publish a release" });
    await expect.poll(() => publish.getByTestId("release-preview").textContent(), SLOW).toContain("0 new changes, 0 revised, 1 retracted");
    await publish.getByLabel("Release note (public)").fill(`Retraction of the demolished block (${RUN}).`);
    await publish.getByRole("button", { name: "Publish release" }).click();
    await expect.poll(() => page.getByRole("status").first().textContent(), SLOW).toContain(`Release ${firstRelease + 2} is published.`);
    await signOut(page);

    await page.goto(`${baseUrl()}/sites/olinda`);
    expect(await page.getByRole("heading", { name: new RegExp(`^Release ${firstRelease + 2}`) }).isVisible()).toBe(true);
    expect(await page.getByTestId("retraction-note").first().textContent()).toBe(RETRACTION);
    expect(await page.getByTestId("public-changes").textContent()).not.toContain(REVISED);
    expect(await page.getByTestId("release-history").textContent()).toContain(RETRACTION);

    await page
      .getByTestId("release-history")
      .getByRole("link", { name: `Release ${firstRelease + 1}`, exact: true })
      .click();
    await page.waitForURL((u) => u.pathname === `/sites/olinda/releases/${firstRelease + 1}`);
    expect(await page.getByTestId("older-release").textContent()).toContain(`release ${firstRelease + 1}`);
    expect(await page.getByTestId("public-changes").textContent()).toContain(REVISED);
    // The frozen release is as it was, and says beside the change that a later release retracted it.
    expect(await page.getByTestId("later-note").textContent()).toBe(`Retracted in release ${firstRelease + 2}: “${RETRACTION}”`);
    expect(await page.getByTestId("release-history").textContent()).not.toContain(`Release ${firstRelease + 2}`);
    expect(errors).toEqual([]);
  });
});

describe("two tabs on one change", () => {
  it("the second save is told who changed what meanwhile and reapplies its edits on top", async () => {
    const second = await newPage(browser.context);
    await signIn(page, "analyst@example.org");
    const [site] = queryDb<{ id: string }>("select id from Site where slug = 'olinda'");
    const scenes = queryDb<{ id: string }>("select s.id from Scene s join SiteScene l on l.sceneId = s.id where l.siteId = ? order by s.acquiredAt", site!.id);
    const [lon, lat] = [-34.8615, -8.012];
    const created = await page.evaluate(
      async (body) =>
        (await (
          await fetch(`/api/sites/${body.siteId}/annotations`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body.input) })
        ).json()) as { annotation: { id: string } },
      {
        siteId: site!.id,
        input: {
          geometry: {
            type: "Polygon",
            coordinates: [
              [
                [lon, lat],
                [lon + 0.003, lat],
                [lon + 0.003, lat + 0.002],
                [lon, lat + 0.002],
                [lon, lat],
              ],
            ],
          },
          changeType: "earthworks",
          confidence: "low",
          beforeSceneId: scenes[0]!.id,
          afterSceneId: scenes.at(-1)!.id,
          description: `Two tabs (${RUN})`,
        },
      },
    );
    const url = `${baseUrl()}/workspace/sites/olinda?change=${created.annotation.id}`;
    for (const p of [page, second.page]) {
      await p.goto(url);
      await card(p, `Two tabs (${RUN})`).getByRole("button", { name: "Edit" }).click();
    }
    // Tab 1 rewrites the description and saves.
    await page.getByRole("form", { name: "Edit the change" }).getByLabel("Description").fill(`Two tabs (${RUN}): spoil heaps along the road`);
    await page.getByRole("form", { name: "Edit the change" }).getByRole("button", { name: "Save", exact: true }).click();
    await expect.poll(() => page.getByRole("status").first().textContent(), SLOW).toMatch(/Saved as revision 2/);
    // Tab 2, still on the version it loaded, raises the confidence and saves.
    const form2 = second.page.getByRole("form", { name: "Edit the change" });
    await form2.getByLabel("Confidence").selectOption("high");
    await form2.getByRole("button", { name: "Save", exact: true }).click();
    const conflict = second.page.getByTestId("edit-conflict");
    await expect.poll(() => conflict.textContent(), SLOW).toMatch(/edited or moved by someone else since you loaded it: Ana Analyst edited it/);
    expect(await conflict.getByTestId("conflict-their-changes").textContent()).toContain("spoil heaps along the road");
    expect(await conflict.textContent()).toContain("Your edits: confidence.");
    await conflict.getByRole("button", { name: "Reapply my edits on top" }).click();
    await expect.poll(() => second.page.getByRole("status").first().textContent(), SLOW).toMatch(/Saved as revision 3/);
    const [rev] = queryDb<{ description: string; confidence: string; number: number }>(
      "select r.description, r.confidence, r.number from Annotation a join AnnotationRevision r on r.id = a.currentRevisionId where a.id = ?",
      created.annotation.id,
    );
    expect(rev).toEqual({ description: `Two tabs (${RUN}): spoil heaps along the road`, confidence: "high", number: 3 });
    expect(second.errors).toEqual([]);
    await second.page.close();
  });
});

describe("the drawing tools", () => {
  it("keep the corners already placed when snapping is toggled mid-draw, and Enter after two corners adds nothing", async () => {
    await page.goto(`${baseUrl()}/workspace/sites/olinda`);
    await page.getByRole("button", { name: "Draw a change" }).click();
    await page.locator('[data-testid="map"][data-drawing="true"]').waitFor();
    await page.getByTestId("map").first().scrollIntoViewIfNeeded();
    await clickAt(page, 0.44, 0.55);
    await clickAt(page, 0.47, 0.55);
    await page.keyboard.press("Enter");
    await page.waitForTimeout(300);
    expect(await page.getByTestId("change-geometry-status").textContent()).toMatch(/^Draw the change on the map/);
    await clickAt(page, 0.44, 0.55);
    await clickAt(page, 0.47, 0.55);
    await page.keyboard.press("s");
    expect(await page.getByRole("checkbox", { name: "Snap" }).isChecked()).toBe(false);
    await clickAt(page, 0.47, 0.6);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByTestId("change-geometry-status").textContent(), SLOW).toMatch(/^Drawn: [\d,.]+ ha, no problems found$/);
    await page.getByRole("button", { name: "Cancel" }).click();
  });

  it("imports a GeoJSON file of two polygons as one change of two parts, deletes a part, and undoes it", async () => {
    await page.goto(`${baseUrl()}/workspace/sites/olinda`);
    await page.getByRole("button", { name: "Draw a change" }).click();
    const square = (lon: number, lat: number) => [
      [
        [lon, lat],
        [lon + 0.002, lat],
        [lon + 0.002, lat + 0.002],
        [lon, lat + 0.002],
        [lon, lat],
      ],
    ];
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sitewatch-import-")), "two-buildings.geojson");
    fs.writeFileSync(
      file,
      JSON.stringify({
        type: "FeatureCollection",
        features: [
          { type: "Feature", properties: { name: "a" }, geometry: { type: "Polygon", coordinates: square(-34.866, -7.99) } },
          { type: "Feature", properties: { name: "b" }, geometry: { type: "Polygon", coordinates: square(-34.861, -7.99) } },
          {
            type: "Feature",
            properties: { name: "a road" },
            geometry: {
              type: "LineString",
              coordinates: [
                [-34.866, -7.99],
                [-34.861, -7.99],
              ],
            },
          },
        ],
      }),
    );
    await page.getByLabel("Import GeoJSON").setInputFiles(file);
    await expect.poll(() => page.getByRole("status").first().textContent(), SLOW).toMatch(/Imported 2 polygons from two-buildings\.geojson \(1 other feature skipped\)/);
    await expect.poll(() => page.getByTestId("change-geometry-status").textContent(), SLOW).toMatch(/^Drawn: [\d,.]+ ha in 2 parts, no problems found$/);
    await page.getByRole("button", { name: "Delete part 2" }).click();
    await expect.poll(() => page.getByTestId("change-geometry-status").textContent(), SLOW).toMatch(/^Drawn: [\d,.]+ ha, no problems found$/);
    await page.keyboard.press("Control+z");
    await expect.poll(() => page.getByTestId("change-geometry-status").textContent(), SLOW).toMatch(/in 2 parts/);
    await page.getByRole("button", { name: "Cancel" }).click();
    expect(errors).toEqual([]);
  });
});
