// Every page is sent a Content-Security-Policy that lists its own inline scripts
// by hash (no 'unsafe-inline', no eval), and every page satisfies it: Chromium
// reports no violation on any public or workspace page, with the maps drawn
// (OpenLayers' WebGL layers and their decoding workers included), a form
// checked in the browser, and a page reached by client-side navigation.
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "./browser";
import { baseUrl, newPage, queryDb, signIn } from "./helpers";

let context: BrowserContext;
let close: () => Promise<void>;
const SLOW = { timeout: 60_000 };

beforeAll(async () => {
  ({ context, close } = await launchBrowser());
  // Every violation the page's policy reports, and every "Refused to …" Chromium logs.
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
  });
});
afterAll(async () => {
  await close();
});

async function watched(): Promise<{ page: Page; refused: string[]; errors: string[] }> {
  const { page, errors } = await newPage(context);
  const refused: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/.test(m.text())) refused.push(m.text());
  });
  return { page, refused, errors };
}

const violations = (page: Page) => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);

/** Opens a page, waits for what it draws, and returns what its policy refused. */
async function visit(page: Page, path: string, ready?: (page: Page) => Promise<void>): Promise<string[]> {
  const response = await page.goto(`${baseUrl()}${path}`);
  const csp = response!.headers()["content-security-policy"] ?? "";
  const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src")) ?? "";
  expect(scriptSrc, path).toMatch(/^\s*script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')+$/);
  if (ready)
    await ready(page).catch((e: unknown) => {
      throw new Error(`${path}: ${String(e)}`);
    });
  await page.waitForLoadState("networkidle");
  return violations(page);
}

const mapDrawn = async (page: Page) => {
  await expect.poll(() => page.getByTestId("map").first().getAttribute("data-rendered"), SLOW).toBe("true");
};

describe("Content-Security-Policy", () => {
  it("no public page breaks its policy, maps and embeds included", async () => {
    const { page, refused, errors } = await watched();
    const release = queryDb<{ n: number }>("SELECT MAX(r.number) AS n FROM Release r JOIN Site s ON s.id = r.siteId WHERE s.slug = 'olinda'")[0]!.n;
    const pages: [string, ((p: Page) => Promise<void>)?][] = [
      ["/", async (p) => void (await p.waitForSelector(".ol-viewport"))],
      ["/sites/olinda", mapDrawn],
      [`/sites/olinda/releases/${release}`, mapDrawn],
      ["/sites/olinda?embed=1", mapDrawn],
      ["/about"],
      ["/login"],
      ["/sites/no-such-site"],
    ];
    for (const [path, ready] of pages) expect(await visit(page, path, ready), path).toEqual([]);
    // A slider step and a compare date: more tiles, more workers.
    await visit(page, "/sites/olinda", mapDrawn);
    await page.getByTestId("timeline-slider").focus();
    await page.keyboard.press("ArrowLeft");
    await mapDrawn(page);
    expect(await violations(page)).toEqual([]);
    expect(refused).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("no workspace page breaks its policy, the site's imagery map and a checked form included", async () => {
    const { page, refused, errors } = await watched();
    await signIn(page, "admin@example.org");
    const pages: [string, ((p: Page) => Promise<void>)?][] = [
      ["/workspace"],
      ["/workspace/sites/olinda", mapDrawn],
      ["/workspace/sites/olinda/edit"],
      ["/workspace/review"],
      ["/workspace/tips"],
      ["/workspace/settings"],
      ["/workspace/jobs"],
      ["/workspace/admin/users"],
      ["/workspace/account"],
    ];
    for (const [path, ready] of pages) expect(await visit(page, path, ready), path).toEqual([]);
    // A form whose fields zod checks in the browser (zod must not try eval: it did, here), then a client-side navigation.
    expect(await visit(page, "/workspace/sites/new"), "/workspace/sites/new").toEqual([]);
    await page.locator("header").getByRole("link", { name: "Review queue" }).click();
    await page.waitForURL(/\/workspace\/review/);
    await page.waitForLoadState("networkidle");
    expect(await violations(page)).toEqual([]);
    expect(refused).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
