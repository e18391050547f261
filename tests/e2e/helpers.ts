import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, inject } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { launchBrowser } from "./browser";

export const DEMO_PASSWORD = "sitewatch-demo";

export function baseUrl(): string {
  return inject("baseUrl");
}

/** Read-only look into the server's database, to find ids a person could guess. */
export function queryDb<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(inject("e2eDatabase"), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** A page that fails the test on any uncaught script error. */
export async function newPage(context: BrowserContext): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  return { page, errors };
}

/** The site header once it knows who is signed in (it asks /api/session after the page loads). */
export async function sessionHeader(page: Page) {
  await page.locator('header nav[data-session="signed-in"], header nav[data-session="anonymous"]').waitFor();
  return page.locator("header");
}

export async function signIn(page: Page, email: string): Promise<void> {
  await page.goto(`${baseUrl()}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/workspace/);
  await expect.poll(() => page.locator("header").textContent()).toContain("Sign out");
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL((u) => u.pathname === "/");
}

/** Clicks on the map at a fraction of its width/height, as a person would. */
export async function clickMap(page: Page, fx: number, fy: number, options: { dbl?: boolean } = {}): Promise<void> {
  const box = (await page.getByTestId("map").first().boundingBox())!;
  const x = box.x + box.width * fx;
  const y = box.y + box.height * fy;
  if (options.dbl) await page.mouse.dblclick(x, y);
  else await page.mouse.click(x, y);
  // Keep clicks apart so OpenLayers does not read two of them as a double-click.
  await page.waitForTimeout(350);
}

/** Draws a polygon through the given fractions of the map box and closes it on its first corner. */
export async function drawPolygon(page: Page, corners: [number, number][]): Promise<void> {
  await page.locator('[data-testid="map"][data-drawing="true"]').waitFor();
  await page.getByTestId("map").first().scrollIntoViewIfNeeded();
  for (const [fx, fy] of corners) await clickMap(page, fx, fy);
  await clickMap(page, corners[0]![0], corners[0]![1]);
}

/** The form's stages that end an upload (SceneUploadForm's data-stage values; "done" is ready, or linked when already stored). */
const FINAL_UPLOAD_STAGES = ["done", "failed", "cancelled", "interrupted", "refused"];

/** Uploads a scene through the site page's form, as an analyst does, and waits until it is converted and ready (or was already stored). */
export async function uploadSceneThroughForm(page: Page, file: string, acquired: string, sensor: string): Promise<void> {
  const form = page.getByRole("form", { name: "Upload a scene" });
  if (!(await form.isVisible())) await page.getByText("Upload a scene").click();
  await form.getByLabel("GeoTIFF file").setInputFiles(file);
  await form.getByLabel("Acquired (UTC)").fill(acquired);
  await form.getByLabel("Sensor / platform").fill(sensor);
  await form.getByLabel("Licence (SPDX id or proprietary)").fill("Apache-2.0");
  await form.getByLabel("Attribution line").fill("Test attribution");
  await form.getByRole("button", { name: "Upload scene" }).click();
  // The upload is queued and converted by the worker; wait for the end, then say how it ended.
  const stage = () =>
    page
      .getByTestId("upload-status")
      .locator("[data-stage]")
      .first()
      .getAttribute("data-stage", { timeout: 1_000 })
      .catch(() => null);
  await expect.poll(stage, { timeout: 60_000 }).toBeOneOf(FINAL_UPLOAD_STAGES);
  expect(await page.getByTestId("upload-status").textContent()).toMatch(/was added|already stored/);
}

/** fetch() as the signed-in user of `p` (its session cookie, and this server's Origin); throws with the answer on 4xx/5xx. */
export async function api<T>(p: Page, method: string, url: string, body?: unknown): Promise<T> {
  const r = await p.request.fetch(`${baseUrl()}${url}`, { method, headers: { Origin: baseUrl() }, data: body });
  if (r.status() >= 400) throw new Error(`${method} ${url}: ${r.status()} ${await r.text()}`);
  return (await r.json()) as T;
}

/** A lon/lat square polygon of side `d` degrees from its south-west corner (RFC 7946 winding). */
export const square = (lon: number, lat: number, d: number) => ({
  type: "Polygon",
  coordinates: [
    [
      [lon, lat],
      [lon + d, lat],
      [lon + d, lat + d],
      [lon, lat + d],
      [lon, lat],
    ],
  ],
});

/** Uploads a scene to a site through the API (multipart, as the form sends it); returns the scene's id once accepted (conversion may still run). */
export async function uploadSceneByApi(
  p: Page,
  siteId: string,
  file: string,
  fields: { acquiredAt: string; sensor: string; publicDisplay: boolean },
): Promise<{ status: number; sceneId: string }> {
  const r = await p.request.post(`${baseUrl()}/api/sites/${siteId}/scenes`, {
    headers: { Origin: baseUrl() },
    multipart: {
      acquiredAt: fields.acquiredAt,
      sensor: fields.sensor,
      license: "Apache-2.0",
      attribution: "Test attribution",
      ...(fields.publicDisplay ? { publicDisplay: "true" } : {}),
      file: { name: path.basename(file), mimeType: "image/tiff", buffer: fs.readFileSync(file) },
    },
  });
  const body = (await r.json()) as { scene?: { id: string }; error?: unknown };
  expect(r.status(), JSON.stringify(body)).toBeLessThan(300);
  return { status: r.status(), sceneId: body.scene!.id };
}

/** A new site's input over part of the demo's Olinda scene (the scenes of the fixtures cover it). */
export function olindaTestSite(name: string) {
  return {
    name,
    country: "Brazil",
    kind: "settlement",
    qualifier: "suspected",
    footprint: {
      type: "Polygon",
      coordinates: [
        [
          [-34.885, -8.005],
          [-34.855, -8.005],
          [-34.855, -7.975],
          [-34.885, -7.975],
          [-34.885, -8.005],
        ],
      ],
    },
  };
}

/** Creates a site over Olinda as the signed-in user of `page`; returns its slug. */
export async function createTestSite(page: Page, name: string): Promise<string> {
  const created = await page.request.post(`${baseUrl()}/api/sites`, { headers: { Origin: baseUrl() }, data: olindaTestSite(name) });
  expect(created.status()).toBe(201);
  return ((await created.json()) as { site: { slug: string } }).site.slug;
}

/**
 * Browsers of their own (each with its own cookies: different people, or one
 * person on two machines), closed together; a script error in any of their
 * pages fails the test at `closeAll`.
 */
export function browserPool(): { freshPage(): Promise<Page>; closeAll(): Promise<void> } {
  const browsers: Awaited<ReturnType<typeof launchBrowser>>[] = [];
  const pageErrors: string[][] = [];
  return {
    async freshPage() {
      const b = await launchBrowser();
      browsers.push(b);
      const { page, errors } = await newPage(b.context);
      pageErrors.push(errors);
      return page;
    },
    async closeAll() {
      for (const b of browsers.splice(0)) await b.close();
      for (const errors of pageErrors) expect(errors).toEqual([]);
    },
  };
}
