// Journey: a reader opens a large release. Its page carries only the first
// screen of the event list (a release of a thousand changes is megabytes of
// geometry and text, lib/publish/page-snapshot.ts); the browser reads the rest
// from the release's immutable JSON document and the list, the map and the
// counts hold every change; a link to one change far down the list (#change-ID)
// lands on it. Set up: a test site whose changes carry long descriptions, so a
// few of them are already more than a page carries whole.
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deriveSyntheticScene } from "@/imagery/synthetic/derive-scene";
import { FIRST_SCREEN_CHANGES, INLINE_CHANGES_BYTES } from "@/lib/publish/page-snapshot";
import { launchBrowser } from "./browser";
import { api, baseUrl, createTestSite, newPage, queryDb, signIn, signOut, square, uploadSceneByApi } from "./helpers";
import { IMAGERY, TMP } from "../setup/paths";

const RUN = Date.now().toString(36);
const COUNT = FIRST_SCREEN_CHANGES + 4;
/** Long enough that COUNT changes are more than a page carries whole. */
const DESCRIPTION_CHARS = Math.ceil((1.2 * INLINE_CHANGES_BYTES) / COUNT);
const SLOW = { timeout: 60_000 };

let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let errors: string[];
let slug = "";
let release = 0;
/** The published changes' ids, in the event list's order. */
let ids: string[] = [];
/** Each change's id and the start of its description (unique to it). */
let descriptions: { id: string; head: string }[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  ({ page, errors } = await newPage(browser.context));
});

afterAll(async () => {
  await browser?.close();
});

/** (A test, not beforeAll: expect.poll, which signIn uses, works only inside a test.) */
it(`sets up: a release of ${COUNT} changes with long descriptions`, async () => {
  await signIn(page, "analyst@example.org");
  slug = await createTestSite(page, `Large release ${RUN}`);
  const siteId = queryDb<{ id: string }>("SELECT id FROM Site WHERE slug = ?", slug)[0]!.id;
  // The demo's Landsat scene (same date, sensor and licence: linked) and a painted one of this test's own.
  const before = (await uploadSceneByApi(page, siteId, path.join(IMAGERY, "L7_ETMs.tif"), { acquiredAt: "2001-07-15T12:30:00", sensor: "Landsat 7 ETM+", publicDisplay: true }))
    .sceneId;
  fs.mkdirSync(TMP, { recursive: true });
  const painted = path.join(TMP, `large-release-${randomUUID().slice(0, 8)}.tif`);
  await deriveSyntheticScene({
    input: path.join(IMAGERY, "L7_ETMs.tif"),
    output: painted,
    changes: [{ rect: [120, 100, 140, 118], values: [219, 17, 233, 11, 227, 29] }],
    epsg: 31985,
  });
  const after = (await uploadSceneByApi(page, siteId, painted, { acquiredAt: "2006-02-03T10:00:00", sensor: `Painted ${RUN}`, publicDisplay: true })).sceneId;
  fs.rmSync(painted, { force: true });
  const ready = () => queryDb<{ status: string }>("SELECT status FROM Scene WHERE id = ?", after)[0]!.status;
  for (const until = Date.now() + SLOW.timeout; ready() !== "READY" && Date.now() < until;) await new Promise((r) => setTimeout(r, 250));
  expect(ready(), "the painted scene is converted").toBe("READY");

  const drawn: { id: string; version: number }[] = [];
  for (let i = 0; i < COUNT; i++) {
    const { annotation } = await api<{ annotation: { id: string; version: number } }>(page, "POST", `/api/sites/${siteId}/annotations`, {
      changeType: "construction",
      confidence: "high",
      beforeSceneId: before,
      afterSceneId: after,
      geometry: square(-34.883 + (i % 6) * 0.0045, -8.003 + Math.floor(i / 6) * 0.0045, 0.003),
      description: `Large release e2e (${RUN}) change ${i + 1}: ${"new walls and roofs along the river. ".repeat(DESCRIPTION_CHARS / 36)}`,
      sources: [],
    });
    await api(page, "POST", `/api/annotations/${annotation.id}/transitions`, { to: "SUBMITTED", version: annotation.version });
    drawn.push({ id: annotation.id, version: annotation.version + 1 });
  }
  await signOut(page);
  await signIn(page, "editor@example.org");
  for (const a of drawn) {
    const current = await api<{ annotation: { version: number } }>(page, "GET", `/api/annotations/${a.id}`);
    await api(page, "POST", `/api/annotations/${a.id}/transitions`, { to: "APPROVED", version: current.annotation.version });
  }
  await signOut(page);
  await signIn(page, "editor2@example.org");
  release = (await api<{ release: { number: number } }>(page, "POST", `/api/sites/${siteId}/releases`, { note: `Large release e2e (${RUN})` })).release.number;
  await signOut(page);
  const doc = (await (await fetch(`${baseUrl()}/api/public/sites/${slug}?release=${release}`)).json()) as {
    snapshot: { changes: { id: string; description: string }[] };
  };
  expect(doc.snapshot.changes).toHaveLength(COUNT);
  expect(JSON.stringify(doc.snapshot.changes).length).toBeGreaterThan(INLINE_CHANGES_BYTES);
  ids = doc.snapshot.changes.map((c) => c.id);
  descriptions = doc.snapshot.changes.map((c) => ({ id: c.id, head: c.description.slice(0, c.description.indexOf(":") + 1) }));
});

describe("a reader on a large release", () => {
  it("gets a page that carries the first screen of changes only", async () => {
    const html = await (await fetch(`${baseUrl()}/sites/${slug}/releases/${release}`)).text();
    const inPage = ids.filter((id) => html.includes(`id="change-${id}"`));
    expect(inPage).toHaveLength(FIRST_SCREEN_CHANGES);
    // The other changes' text is not in the page at all (neither drawn nor in its data).
    const others = descriptions.filter((d) => !inPage.includes(d.id));
    expect(others).toHaveLength(COUNT - FIRST_SCREEN_CHANGES);
    expect(others.filter((d) => html.includes(d.head))).toEqual([]);
    expect(html).toContain(`Reading the other ${COUNT - FIRST_SCREEN_CHANGES} changes`);
  });

  it("sees every change in the list and the counts once the page has read them, and a link to the last one lands on it", async () => {
    const last = ids.at(-1)!;
    await page.goto(`${baseUrl()}/sites/${slug}/releases/${release}#change-${last}`);
    await expect.poll(() => page.getByTestId("public-changes").locator("li[data-change-id]").count(), SLOW).toBe(COUNT);
    await expect.poll(() => page.getByTestId("rest-of-changes").count()).toBe(0);
    expect(await page.locator(".timeline-label").textContent()).toContain(`${COUNT} of ${COUNT} changes detected by this date`);
    expect(await page.locator("#changes-heading").textContent()).toBe(`${COUNT} published changes`);
    // The linked change is on screen (the list scrolled to it once it existed).
    await expect
      .poll(async () => {
        const box = await page.locator(`#change-${last}`).boundingBox();
        const viewport = page.viewportSize()!;
        return box !== null && box.y < viewport.height && box.y + box.height > 0;
      }, SLOW)
      .toBe(true);
    // Every change is on the map: selecting the last from the list draws it selected there.
    expect(await page.getByTestId("map").getAttribute("data-change-count")).toBe(String(COUNT));
    expect(errors).toEqual([]);
  });
});
