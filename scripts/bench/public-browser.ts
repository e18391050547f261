// The browser half of bench:public: Debian's Chromium through playwright-core,
// a fresh profile for every page load (nothing cached, as a first visit).
// Per load: largest contentful paint and first contentful paint (paint
// timing observers, buffered), total blocking time (long tasks after FCP,
// minus 50 ms each, until the page has been quiet for a second), and, after
// that, how fast the page answers input: the pointer wandering over the map
// (hover looks features up), then typing in the home page's search box or
// stepping the site page's timeline slider, timed by the Event Timing API (the duration from input to the next paint, as INP
// does). Also every script the page loads, each distinct URL once, gzipped
// here with zlib's default level (and as many bytes as the server sent); and
// the inline scripts of the HTML (the React Server Components payload) apart.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { chromium, type Page } from "playwright-core";
import { median } from "./bench-support";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface PageLoad {
  lcpMs: number;
  lcpElement: string;
  fcpMs: number;
  ttfbMs: number;
  loadEventMs: number;
  tbtMs: number;
  longTasks: number;
  longestTaskMs: number;
  /** Longest Event Timing duration of a discrete interaction (click, key): the INP of this visit. */
  interactionMs: number | null;
  /** Longest pointermove over the map (hover). */
  hoverMs: number | null;
}

export interface ScriptBytes {
  files: number;
  rawBytes: number;
  gzipBytes: number;
  /** Body bytes as the server actually sent them (compressed by the server, if it did). */
  servedBytes: number;
  /** Whether the server itself compressed them (content-encoding). */
  servedEncoding: string;
  inline: { scripts: number; rawBytes: number; gzipBytes: number };
  htmlBytes: number;
  htmlGzipBytes: number;
  largest: { url: string; gzipBytes: number }[];
}

export interface PageResult {
  path: string;
  loads: PageLoad[];
  median: { lcpMs: number; fcpMs: number; tbtMs: number; interactionMs: number | null; hoverMs: number | null; ttfbMs: number; loadEventMs: number };
  scripts: ScriptBytes;
}

// Runs in the page before any of its scripts.
const OBSERVERS = `
window.__bench = { lcp: 0, lcpElement: "", fcp: 0, longTasks: [], events: [] };
new PerformanceObserver((l) => { for (const e of l.getEntries()) { window.__bench.lcp = e.renderTime || e.loadTime || e.startTime; const el = e.element; window.__bench.lcpElement = el ? el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className && typeof el.className === "string" ? "." + el.className.split(" ").join(".") : "") + " (" + e.size + " px²)" : e.url || "?"; } }).observe({ type: "largest-contentful-paint", buffered: true });
new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.name === "first-contentful-paint") window.__bench.fcp = e.startTime; }).observe({ type: "paint", buffered: true });
new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__bench.longTasks.push([e.startTime, e.duration]); }).observe({ type: "longtask", buffered: true });
new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__bench.events.push([e.name, e.duration, e.interactionId || 0]); }).observe({ type: "event", buffered: true, durationThreshold: 16 });
`;

interface Raw {
  lcp: number;
  lcpElement: string;
  fcp: number;
  longTasks: [number, number][];
  events: [string, number, number][];
  ttfb: number;
  loadEvent: number;
}

async function readRaw(page: Page): Promise<Raw> {
  return page.evaluate(() => {
    const b = (window as unknown as { __bench: Omit<Raw, "ttfb" | "loadEvent"> }).__bench;
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    return { ...b, longTasks: [...b.longTasks], events: [...b.events], ttfb: nav.responseStart, loadEvent: nav.loadEventEnd };
  });
}

/** Waits until no long task has started for `quietMs` (at most `maxMs`). */
async function waitQuiet(page: Page, quietMs = 1000, maxMs = 15_000): Promise<void> {
  const until = Date.now() + maxMs;
  while (Date.now() < until) {
    const last = await page.evaluate(() => {
      const t = (window as unknown as { __bench: { longTasks: [number, number][] } }).__bench.longTasks.at(-1);
      return { now: performance.now(), end: t ? t[0] + t[1] : 0 };
    });
    if (last.now - last.end >= quietMs) return;
    await page.waitForTimeout(200);
  }
}

async function withBrowser<T>(fn: (page: Page) => Promise<T>): Promise<T> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "sitewatch-bench-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 1000 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--enable-unsafe-swiftshader",
      "--use-angle=swiftshader",
    ],
  });
  try {
    await context.addInitScript(OBSERVERS);
    const page = context.pages()[0] ?? (await context.newPage());
    return await fn(page);
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

/** Input a reader gives the page once it has loaded; false if the page has nothing to take it. */
export type Interaction = (page: Page) => Promise<boolean>;

/** Click the search box of the site list and type a word. */
export const typeInSearch: Interaction = async (page) => {
  const search = page.locator('input[type="search"]').first();
  if (!(await search.count())) return false;
  await search.click();
  await page.keyboard.type("river", { delay: 60 });
  return true;
};

/** Move the timeline to the earlier image date and back (the map and the list of changes follow). */
export const stepTimeline: Interaction = async (page) => {
  const slider = page.locator("#timeline-date");
  if (!(await slider.count())) return false;
  await slider.focus();
  for (const key of ["ArrowLeft", "ArrowRight"]) {
    await page.keyboard.press(key);
    await page.waitForTimeout(400);
  }
  return true;
};

/** One first visit of `url`: paint and blocking metrics, then input on the map and the search box (if the page has them). */
async function visit(url: string, interact: Interaction, collect?: (page: Page) => void): Promise<PageLoad> {
  return withBrowser(async (page) => {
    collect?.(page);
    await page.goto(url, { waitUntil: "load", timeout: 60_000 });
    await page.waitForLoadState("networkidle", { timeout: 30_000 }).catch(() => undefined);
    await waitQuiet(page);
    const before = await readRaw(page);
    // Input, after LCP is settled (input ends LCP observation).
    const map = page.locator("canvas").first();
    const box = (await map.count()) ? await map.boundingBox() : null;
    if (box) {
      for (let i = 0; i < 12; i++)
        await page.mouse.move(box.x + box.width * (0.1 + (0.8 * ((i * 7) % 12)) / 12), box.y + box.height * (0.2 + (0.6 * ((i * 5) % 12)) / 12), { steps: 4 });
    }
    const interacted = await interact(page);
    await page.waitForTimeout(500);
    const after = await readRaw(page);
    const fcp = before.fcp;
    const blocking = before.longTasks.filter(([start]) => start >= fcp);
    const discrete = after.events.filter(([, , interaction]) => interaction > 0).map(([, d]) => d);
    const hover = after.events.filter(([name]) => name === "pointermove" || name === "pointerover" || name === "mousemove").map(([, d]) => d);
    return {
      lcpMs: before.lcp,
      lcpElement: before.lcpElement,
      fcpMs: fcp,
      ttfbMs: before.ttfb,
      loadEventMs: before.loadEvent,
      tbtMs: blocking.reduce((sum, [, d]) => sum + Math.max(0, d - 50), 0),
      longTasks: before.longTasks.length,
      longestTaskMs: before.longTasks.reduce((m, [, d]) => Math.max(m, d), 0),
      interactionMs: interacted ? (discrete.length ? Math.max(...discrete) : 0) : null,
      hoverMs: box ? (hover.length ? Math.max(...hover) : 0) : null,
    };
  });
}

/** `loads` first visits of `baseUrl + pathname`; the scripts are counted on the first. */
export async function measurePage(baseUrl: string, pathname: string, loads: number, interact: Interaction): Promise<PageResult> {
  const scripts = new Map<string, { raw: number; gzip: number; served: number; encoding: string }>();
  let html = "";
  const pending: Promise<void>[] = [];
  const results: PageLoad[] = [];
  for (let i = 0; i < loads; i++) {
    results.push(
      await visit(
        baseUrl + pathname,
        interact,
        i > 0
          ? undefined
          : (page) =>
              page.on("response", (res) => {
                const type = res.headers()["content-type"] ?? "";
                const isDocument = res.request().resourceType() === "document" && res.url() === baseUrl + pathname;
                const isScript = res.request().resourceType() === "script" || /javascript/.test(type);
                if (!isDocument && !isScript) return;
                pending.push(
                  Promise.all([res.body(), res.request().sizes()]).then(
                    ([body, sizes]) => {
                      if (isDocument) html = body.toString("utf8");
                      else if (!scripts.has(res.url()))
                        scripts.set(res.url(), {
                          raw: body.length,
                          gzip: gzipSync(body).length,
                          served: sizes.responseBodySize,
                          encoding: res.headers()["content-encoding"] ?? "identity",
                        });
                    },
                    () => undefined,
                  ),
                );
              }),
      ),
    );
    await Promise.all(pending);
  }
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!).filter((s) => s.length > 0);
  const inlineText = inline.join("\n");
  const files = [...scripts].map(([url, s]) => ({ url: url.replace(baseUrl, ""), ...s }));
  const nullableMedian = (xs: (number | null)[]) => (xs.every((x) => x === null) ? null : median(xs.filter((x): x is number => x !== null)));
  return {
    path: pathname,
    loads: results,
    median: {
      lcpMs: median(results.map((r) => r.lcpMs)),
      fcpMs: median(results.map((r) => r.fcpMs)),
      tbtMs: median(results.map((r) => r.tbtMs)),
      interactionMs: nullableMedian(results.map((r) => r.interactionMs)),
      hoverMs: nullableMedian(results.map((r) => r.hoverMs)),
      ttfbMs: median(results.map((r) => r.ttfbMs)),
      loadEventMs: median(results.map((r) => r.loadEventMs)),
    },
    scripts: {
      files: files.length,
      rawBytes: files.reduce((n, f) => n + f.raw, 0),
      gzipBytes: files.reduce((n, f) => n + f.gzip, 0),
      servedBytes: files.reduce((n, f) => n + f.served, 0),
      servedEncoding: [...new Set(files.map((f) => f.encoding))].join(", "),
      inline: { scripts: inline.length, rawBytes: Buffer.byteLength(inlineText), gzipBytes: gzipSync(inlineText).length },
      htmlBytes: Buffer.byteLength(html),
      htmlGzipBytes: gzipSync(html).length,
      largest: files
        .sort((a, b) => b.gzip - a.gzip)
        .slice(0, 5)
        .map((f) => ({ url: f.url, gzipBytes: f.gzip })),
    },
  };
}
