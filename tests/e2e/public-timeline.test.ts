// Journey: a reader on the public timeline. Moves the slider and sees the
// imagery and the changes change (pixels), compares two dates with a swipe,
// follows an event from the list to the map, downloads the GeoJSON, opens an
// older release, restores a copied permalink in a new page; then the leak
// scan: tiles past the zoom cap and of unpublished scenes fail, and no public
// page or document carries a withheld source, an unpublished change or an
// unpublished scene. axe-core on the public pages, and phone width.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import sharp from "sharp";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tilesCovering } from "@/imagery/tiles/web-mercator";
import { launchBrowser } from "./browser";
import { api, baseUrl, createTestSite, newPage, queryDb, signIn, signOut, square, uploadSceneThroughForm } from "./helpers";

const RUN = Date.now().toString(36);
const PUBLISHED_TEXT = `Timeline e2e (${RUN}): a new compound wall along the river.`;
const WITHHELD_URL = `https://example.org/withheld-timeline-${RUN}`;
const UNPUBLISHED_TEXT = `Timeline e2e (${RUN}): UNPUBLISHED submitted change.`;
const SLOW = { timeout: 20_000 };

let browser: Awaited<ReturnType<typeof launchBrowser>>;
let site: { id: string };
let scenes: { id: string; acquiredAt: number }[];
let latest: number;
let addedId: string;
let unpublishedSceneId: string;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** An analyst uploads a scene no release will show, draws a change that gets published (with a withheld source) and one that stays submitted; editors approve and publish. */
async function publishTimelineChange() {
  [site] = queryDb<{ id: string }>("select id from Site where slug = 'olinda'") as [{ id: string }];
  scenes = queryDb<{ id: string; acquiredAt: number }>(
    "select s.id, s.acquiredAt from Scene s join SiteScene ss on ss.sceneId = s.id where ss.siteId = ? and s.synthetic = ? order by s.acquiredAt",
    site.id,
    0,
  ).concat(
    queryDb<{ id: string; acquiredAt: number }>(
      "select s.id, s.acquiredAt from Scene s join SiteScene ss on ss.sceneId = s.id where ss.siteId = ? and s.synthetic = 1 order by s.acquiredAt limit 1",
      site.id,
    ),
  );
  const { page } = await newPage(browser.context);
  await signIn(page, "analyst@example.org");
  await page.goto(`${baseUrl()}/workspace/sites/olinda`);
  await uploadSceneThroughForm(page, path.resolve(import.meta.dirname, "../fixtures/imagery/olinda_dem_utm25s.tif"), "2010-05-05T10:00", `Unpublished DEM ${RUN}`);
  unpublishedSceneId = queryDb<{ id: string }>("select id from Scene where sensor = ?", `Unpublished DEM ${RUN}`)[0]!.id;
  const base = { changeType: "construction", confidence: "high", beforeSceneId: scenes[0]!.id, afterSceneId: scenes[1]!.id };
  const a = await api<{ annotation: { id: string; version: number } }>(page, "POST", `/api/sites/${site.id}/annotations`, {
    ...base,
    geometry: square(-34.862, -8.012, 0.003),
    description: PUBLISHED_TEXT,
    sources: [
      { url: "https://example.org/timeline-public", title: "Public timeline source" },
      { url: WITHHELD_URL, title: "Withheld", withheld: true },
    ],
  });
  const b = await api<{ annotation: { id: string; version: number } }>(page, "POST", `/api/sites/${site.id}/annotations`, {
    ...base,
    geometry: square(-34.87, -7.99, 0.002),
    description: UNPUBLISHED_TEXT,
    sources: [],
  });
  for (const x of [a, b]) await api(page, "POST", `/api/annotations/${x.annotation.id}/transitions`, { to: "SUBMITTED", version: x.annotation.version });
  addedId = a.annotation.id;
  await signOut(page);
  await signIn(page, "editor@example.org");
  const current = await api<{ annotation: { version: number } }>(page, "GET", `/api/annotations/${addedId}`);
  await api(page, "POST", `/api/annotations/${addedId}/transitions`, { to: "APPROVED", version: current.annotation.version });
  await signOut(page);
  await signIn(page, "editor2@example.org");
  const release = await api<{ release: { number: number } }>(page, "POST", `/api/sites/${site.id}/releases`, { note: `Timeline e2e release (${RUN})` });
  latest = release.release.number;
  await signOut(page);
  await page.close();
}

/** Leaves the demo site's public changes as they were for the other journeys: the change is retracted in release n + 1. */
async function retractTimelineChange() {
  const { page } = await newPage(browser.context);
  await signIn(page, "editor@example.org");
  const current = await api<{ annotation: { version: number } }>(page, "GET", `/api/annotations/${addedId}`);
  await api(page, "POST", `/api/annotations/${addedId}/transitions`, { to: "RETRACTED", version: current.annotation.version, comment: `Timeline e2e clean-up (${RUN}).` });
  await signOut(page);
  await signIn(page, "editor2@example.org");
  await api(page, "POST", `/api/sites/${site.id}/releases`, { note: `Timeline e2e clean-up (${RUN})` });
  await signOut(page);
  await page.close();
}

async function mapPixels(page: Page): Promise<{ data: Buffer; width: number; height: number }> {
  await expect.poll(() => page.getByTestId("map").getAttribute("data-rendered"), SLOW).toBe("true");
  await page.waitForTimeout(200);
  const png = await page.getByTestId("map").screenshot();
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/**
 * Share of 16-pixel blocks (optionally in a column range) whose mean colour
 * differs by more than 12 in a channel: robust to the sub-pixel shifts a
 * screenshot can have, sensitive to imagery or outlines that change. The
 * bottom fifth (attribution text, which changes with the dates) is left out.
 */
function difference(a: { data: Buffer; width: number; height: number }, b: { data: Buffer }, from = 0, to = 1): number {
  const B = 16;
  let differ = 0;
  let n = 0;
  for (let by = 0; by + B <= Math.floor(a.height * 0.8); by += B) {
    for (let bx = Math.ceil((a.width * from) / B) * B; bx + B <= Math.floor(a.width * to); bx += B) {
      const mean = [0, 0, 0, 0, 0, 0];
      for (let y = by; y < by + B; y++) {
        for (let x = bx; x < bx + B; x++) {
          const i = (y * a.width + x) * 3;
          for (let k = 0; k < 3; k++) {
            mean[k]! += a.data[i + k]!;
            mean[k + 3]! += b.data[i + k]!;
          }
        }
      }
      n++;
      if ([0, 1, 2].some((k) => Math.abs(mean[k]! - mean[k + 3]!) / (B * B) > 12)) differ++;
    }
  }
  return differ / n;
}

describe("a reader on the timeline", () => {
  it("(set-up) a new change goes through review into release n", async () => {
    await publishTimelineChange();
    expect(latest).toBeGreaterThan(1);
  });

  it("moves the slider: the imagery and the changes shown change; compares two dates with a swipe", async () => {
    const { page, errors } = await newPage(browser.context);
    // A fixed view over the painted changes, so screenshots compare like with like.
    await page.goto(`${baseUrl()}/sites/olinda?date=2003-08-02&lon=-34.869&lat=-7.988&z=14`);
    expect(await page.getByTestId("timeline-date").textContent()).toBe("2003-08-02");
    const after = await mapPixels(page);
    const slider = page.getByTestId("timeline-slider");
    await slider.focus();
    await page.keyboard.press("Home"); // keyboard-operable
    await expect.poll(() => page.getByTestId("timeline-date").textContent()).toBe("2001-07-15");
    await expect.poll(() => new URL(page.url()).searchParams.get("date")).toBe("2001-07-15");
    const before = await mapPixels(page);
    // The demo's later scene has painted roofs and a burn scar, and the changes are drawn only from 2003: a visible share of the map differs.
    expect(difference(before, after), "two dates").toBeGreaterThan(0.02);
    // The list follows the map a moment later (a deferred render, so a step never waits for a long list).
    await expect.poll(() => page.locator(`li[data-change-id="${addedId}"]`).getAttribute("data-state")).toBe("later");
    await expect.poll(() => page.locator('li[data-change-id][data-state="now"]').count()).toBe(0);
    await page.keyboard.press("End");
    await expect.poll(() => page.getByTestId("timeline-date").textContent()).toBe("2003-08-02");
    await expect.poll(() => page.locator(`li[data-change-id="${addedId}"]`).getAttribute("data-state")).toBe("now");
    const again = await mapPixels(page);
    expect(difference(again, after), "the same date twice").toBeLessThan(0.01);

    // Compare: 2001 on the left of the swipe line, 2003 on the right.
    await page.getByTestId("compare-select").selectOption("2001-07-15");
    await expect.poll(() => new URL(page.url()).searchParams.get("compare")).toBe("2001-07-15");
    // The divider is on the map, with each side's date by it.
    const handle = page.getByTestId("swipe-handle");
    expect(await handle.isVisible()).toBe(true);
    expect(await page.getByTestId("swipe-divider").locator(".swipe-date-left").textContent()).toBe("◀ 2001-07-15");
    expect(await page.getByTestId("swipe-divider").locator(".swipe-date-right").textContent()).toBe("2003-08-02 ▶");
    const swiped = await mapPixels(page);
    expect(difference(swiped, after, 0.55, 1), "right of the swipe = the chosen date").toBeLessThan(0.01);
    expect(difference(swiped, before, 0, 0.45)).toBeLessThan(difference(swiped, after, 0, 0.45));
    // From the keyboard: Page Up four times moves it to 90 %, and the address keeps it.
    await handle.focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press("PageUp");
    expect(await handle.getAttribute("aria-valuenow")).toBe("90");
    await expect.poll(() => new URL(page.url()).searchParams.get("swipe")).toBe("0.90");
    await page.waitForTimeout(300);
    const moved = await mapPixels(page);
    expect(difference(moved, swiped, 0.55, 0.85)).toBeGreaterThan(0.005);
    // Dragged with the pointer to 30 % of the map's width (the map does not pan meanwhile).
    const box = (await page.getByTestId("map").boundingBox())!;
    const grip = (await handle.boundingBox())!;
    await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.3, grip.y + grip.height / 2, { steps: 8 });
    await page.mouse.up();
    expect(Number(await handle.getAttribute("aria-valuenow"))).toBeCloseTo(30, -1);
    await expect.poll(() => new URL(page.url()).searchParams.get("swipe")).toMatch(/^0\.(2[89]|3[012])$/);
    // A link with the swipe opens with the line where it was.
    const { page: linked } = await newPage(browser.context);
    await linked.goto(page.url());
    expect(Number(await linked.getByTestId("swipe-handle").getAttribute("aria-valuenow"))).toBeCloseTo(30, -1);
    await linked.close();
    expect(errors).toEqual([]);
  });

  it("follows an event from the list to the map, copies a permalink and the view comes back in a new page", async () => {
    const { page, errors } = await newPage(browser.context);
    await page.goto(`${baseUrl()}/sites/olinda`);
    await expect.poll(() => page.getByTestId("map").getAttribute("data-rendered"), SLOW).toBe("true");
    // Arriving does not rewrite the address: a link copied from the bar straight away is the plain one.
    expect(new URL(page.url()).search).toBe("");
    await expect.poll(() => page.getByTestId("map").getAttribute("data-zoom"), SLOW).not.toBeNull();
    const zoomBefore = Number(await page.getByTestId("map").getAttribute("data-zoom"));
    expect(zoomBefore).toBeGreaterThan(5);
    const item = page.locator(`li[data-change-id="${addedId}"]`);
    await item.getByRole("button").first().click();
    expect(await item.getAttribute("aria-current")).toBe("true");
    await expect.poll(() => Number(new URL(page.url()).searchParams.get("z")), SLOW).toBeGreaterThan(zoomBefore);
    const url = new URL(page.url());
    // The change is in the middle of the map now.
    expect(Number(url.searchParams.get("lon"))).toBeCloseTo(-34.8605, 2);
    expect(Number(url.searchParams.get("lat"))).toBeCloseTo(-8.0105, 2);
    // And the other way: in a fresh page at that view, clicking the map's middle selects it in the list.
    await page.goto(url.toString());
    await expect.poll(() => page.getByTestId("map").getAttribute("data-rendered"), SLOW).toBe("true");
    await page.getByTestId("map").scrollIntoViewIfNeeded();
    const box2 = (await page.getByTestId("map").boundingBox())!;
    await page.mouse.click(box2.x + box2.width / 2, box2.y + box2.height / 2);
    await expect.poll(() => item.getAttribute("aria-current")).toBe("true");

    await page.getByTestId("timeline-slider").focus();
    await page.keyboard.press("Home");
    await page.getByTestId("compare-select").selectOption("2003-08-02");
    await page.getByTestId("copy-permalink").click();
    const link = await page.getByTestId("permalink").inputValue();
    const params = new URL(link).searchParams;
    expect([params.get("date"), params.get("compare")]).toEqual(["2001-07-15", "2003-08-02"]);
    const { page: other } = await newPage(browser.context);
    await other.goto(link);
    expect(await other.getByTestId("timeline-date").textContent()).toBe("2001-07-15");
    expect(await other.getByTestId("compare-select").inputValue()).toBe("2003-08-02");
    await expect.poll(() => other.getByTestId("map").getAttribute("data-rendered"), SLOW).toBe("true");
    const restored = new URL(other.url()).searchParams;
    for (const k of ["lon", "lat"]) expect(Number(restored.get(k))).toBeCloseTo(Number(params.get(k)), 4);
    expect(Number(restored.get("z"))).toBeCloseTo(Number(params.get("z")), 1);
    expect(errors).toEqual([]);
  });

  it("downloads the GeoJSON and CSV, and reads an older release as it was", async () => {
    const { page, errors } = await newPage(browser.context);
    await page.goto(`${baseUrl()}/sites/olinda`);
    const href = await page.getByRole("link", { name: "Changes as GeoJSON" }).getAttribute("href");
    const response = await page.request.get(`${baseUrl()}${href}`);
    expect(response.headers()["content-type"]).toContain("application/geo+json");
    const fc = JSON.parse(await response.text());
    expect(fc.type).toBe("FeatureCollection");
    expect(fc.features.map((f: { id: string }) => f.id)).toContain(addedId);
    expect(fc.features.length).toBe(await page.getByTestId("public-changes").locator("li[data-change-id]").count());
    const csv = await (await page.request.get(`${baseUrl()}${await page.getByRole("link", { name: "Changes as CSV" }).getAttribute("href")}`)).text();
    expect(csv.split("\r\n").filter(Boolean)).toHaveLength(fc.features.length + 1);

    await page
      .getByTestId("release-history")
      .getByRole("link", { name: `Release ${latest - 1}`, exact: true })
      .click();
    await page.waitForURL((u) => u.pathname === `/sites/olinda/releases/${latest - 1}`);
    expect(await page.getByTestId("older-release").textContent()).toContain(`release ${latest - 1}`);
    expect(await page.locator("main").textContent()).not.toContain(PUBLISHED_TEXT);
    const old = JSON.parse(await (await page.request.get(`${baseUrl()}/api/public/sites/olinda/changes.geojson?release=${latest - 1}`)).text());
    expect(old.features.map((f: { id: string }) => f.id)).not.toContain(addedId);
    await page.goto(`${baseUrl()}/sites/olinda/releases/${latest}`);
    expect(await page.locator("main").textContent()).toContain(PUBLISHED_TEXT);
    expect(errors).toEqual([]);
  });

  it("works at phone width, and axe-core finds no serious or critical violation on the public pages", async () => {
    const { page } = await newPage(browser.context);
    const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
    await page.setViewportSize({ width: 390, height: 844 });
    for (const p of ["/", "/sites/olinda", `/sites/olinda/releases/1`, "/about"]) {
      await page.goto(`${baseUrl()}${p}`);
      await page.waitForLoadState("networkidle");
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${p} fits 390 px`).toBeLessThanOrEqual(390);
      // Evaluated by the test, not added as a <script>: the page's policy rightly refuses scripts it does not list.
      await page.evaluate(axeSource);
      const violations = await page.evaluate(async () => {
        const result = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run();
        return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      });
      expect(violations, p).toEqual([]);
    }
    await page.setViewportSize({ width: 1400, height: 1000 });
  });
});

describe("what the public can never reach", () => {
  it("tiles beyond the licence's zoom and tiles of unpublished scenes fail", async () => {
    const tile = (sceneId: string, z: number) => {
      const [x, y] = tilesCovering([-34.87, -8.01, -34.87, -8.01], z)[0]!;
      return fetch(`${baseUrl()}/tiles/${sceneId}/${z}/${x}/${y}.webp`);
    };
    const shown = scenes[0]!.id;
    const cap = queryDb<{ publicMaxZoom: number }>("select publicMaxZoom from Scene where id = ?", shown)[0]!.publicMaxZoom;
    const ok = await tile(shown, cap);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("etag")).toBeTruthy();
    expect((await tile(shown, cap + 1)).status).toBe(404);
    expect((await tile(unpublishedSceneId, 12)).status).toBe(404);
    expect((await fetch(`${baseUrl()}/api/scenes/${shown}/cog`)).status).toBe(401);
  });

  it("no public page or document carries a withheld source, an unpublished change or an unpublished scene", async () => {
    const urls = new Set([
      "/",
      "/about",
      "/sites/olinda",
      "/api/public/sites",
      "/api/public/sites/olinda",
      "/ogc",
      "/ogc/api",
      "/ogc/conformance",
      "/ogc/collections",
      "/ogc/collections/changes",
      "/ogc/collections/changes/items?limit=1000",
    ]);
    for (let n = 1; n <= latest; n++) {
      for (const u of [
        `/sites/olinda/releases/${n}`,
        `/api/public/sites/olinda?release=${n}`,
        `/api/public/sites/olinda/changes.geojson?release=${n}`,
        `/api/public/sites/olinda/changes.csv?release=${n}`,
        `/api/public/sites/olinda/stac/catalog.json?release=${n}`,
      ])
        urls.add(u);
    }
    const catalog = await (await fetch(`${baseUrl()}/api/public/sites/olinda/stac/catalog.json`)).json();
    for (const l of catalog.links.filter((x: { rel: string }) => x.rel === "item")) urls.add(new URL(l.href).pathname);
    const items = await (await fetch(`${baseUrl()}/ogc/collections/changes/items?limit=1000`)).json();
    for (const f of items.features) urls.add(`/ogc/collections/changes/items/${f.id}`);
    const forbidden = [
      WITHHELD_URL,
      UNPUBLISHED_TEXT,
      unpublishedSceneId,
      `Unpublished DEM ${RUN}`,
      "internal-witness-note",
      ...queryDb<{ id: string }>("select id from Annotation where status in ('DRAFT','SUBMITTED','CHANGES_REQUESTED','REJECTED')").map((r) => r.id),
    ];
    urls.add("/api/public/sites/olinda/releases");
    let scanned = 0;
    // Twice: the second answer comes from the server's memory (the fast path before the router), in each encoding.
    for (const pass of ["router", "memory"] as const)
      for (const u of urls)
        for (const encoding of pass === "router" ? ["gzip, br"] : ["br", "gzip", "identity"]) {
          const r = await fetch(`${baseUrl()}${u}`, { headers: { "Accept-Encoding": encoding } });
          expect(r.status, u).toBe(200);
          if (pass === "memory") expect(r.headers.get("x-cache"), u).toBe("hit");
          const text = await r.text();
          scanned++;
          for (const f of forbidden) expect(text.includes(f), `${u} contains ${f}`).toBe(false);
        }
    expect(scanned).toBeGreaterThan(80);
    // What is not published is not kept either: asked twice, refused twice by the router (a site with no release yet included).
    const { page } = await newPage(browser.context);
    await signIn(page, "analyst@example.org");
    const draftSite = await createTestSite(page, `Unpublished site ${RUN}`);
    await signOut(page);
    await page.close();
    const notPublic = [`/tiles/${unpublishedSceneId}/12/0/0.webp`, `/api/scenes/${unpublishedSceneId}/cog`, `/sites/${draftSite}`, `/sites/${draftSite}/releases/1`];
    for (const doc of ["", "/releases", "/changes.geojson", "/changes.csv", "/stac/catalog.json"]) notPublic.push(`/api/public/sites/${draftSite}${doc}`);
    for (const u of notPublic) {
      for (let i = 0; i < 2; i++) {
        const r = await fetch(`${baseUrl()}${u}`);
        expect(r.status, u).not.toBe(200);
        expect(r.headers.get("x-cache"), u).toBeNull();
      }
    }
  });

  it("(clean-up) the change is retracted in release n + 1, and the timeline says so beside it in release n", async () => {
    // Release n's own page is frozen: the same bytes (and ETag) before and after release n + 1, so caches may keep it for ever.
    const before = await fetch(`${baseUrl()}/sites/olinda/releases/${latest}`);
    const beforeBody = await before.text();
    await retractTimelineChange();
    const after = await fetch(`${baseUrl()}/sites/olinda/releases/${latest}`);
    expect(after.headers.get("etag")).toBe(before.headers.get("etag"));
    expect(await after.text()).toBe(beforeBody);
    // What release n + 1 did is read by the page and said beside the change.
    const { page } = await newPage(browser.context);
    await page.goto(`${baseUrl()}/sites/olinda/releases/${latest}`);
    await expect.poll(() => page.getByTestId("later-note").first().textContent(), SLOW).toContain(`Retracted in release ${latest + 1}`);
    expect(await page.getByTestId("older-release").textContent()).toContain(`Read the latest, release ${latest + 1}`);
    // On the map of release n it is drawn apart (grey, crossed out), and the legend says what that means; not in the latest.
    await expect.poll(() => page.getByTestId("map").getAttribute("data-rendered"), SLOW).toBe("true");
    expect(await page.getByTestId("legend-retracted").textContent()).toContain("retracted in a later release");
    await page.goto(`${baseUrl()}/sites/olinda`);
    await expect.poll(() => page.getByTestId("map").getAttribute("data-rendered"), SLOW).toBe("true");
    expect(await page.getByTestId("legend-retracted").count()).toBe(0);
    await page.close();
  });
});
