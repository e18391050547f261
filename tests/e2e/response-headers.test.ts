// Response headers by URL class, through the real server as readers and
// other sites meet them (issue 17): numbered release documents are immutable,
// "latest" ones are short-lived, both carry an ETag and answer 304 to it;
// public data is readable from other origins, signed-in APIs are not; every
// response carries the security headers; and only embed pages can be framed
// by another site, as Chromium enforces it.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "./browser";
import { baseUrl, queryDb } from "./helpers";

let release: number;
let sceneItem: string;

beforeAll(async () => {
  const site = (await (await fetch(`${baseUrl()}/api/public/sites/olinda`)).json()) as { snapshot: { release: { number: number }; scenes: Array<{ id: string }> } };
  release = site.snapshot.release.number;
  sceneItem = `scene-${site.snapshot.scenes[0]!.id}.json`;
});

const documents = () => [
  "/api/public/sites/olinda",
  "/api/public/sites/olinda/changes.geojson",
  "/api/public/sites/olinda/changes.csv",
  "/api/public/sites/olinda/stac/catalog.json",
  `/api/public/sites/olinda/stac/items/${sceneItem}`,
];

async function get(path: string, headers: Record<string, string> = {}) {
  return fetch(`${baseUrl()}${path}`, { redirect: "manual", headers });
}

describe("public pages", () => {
  it("a release's own page is cached for a year as immutable; the latest is asked again each time (a CDN keeps it a minute); both with a strong ETag and 304", async () => {
    for (const [url, cacheControl] of [
      [`/sites/olinda/releases/${release}`, "public, max-age=31536000, immutable"],
      ["/sites/olinda", "public, no-cache"],
      ["/", "public, no-cache"],
    ] as const) {
      const first = await get(url, { Accept: "text/html" });
      expect(first.status, url).toBe(200);
      expect(first.headers.get("cache-control"), url).toBe(cacheControl);
      if (!url.includes("/releases/")) expect(first.headers.get("cdn-cache-control"), url).toBe("public, max-age=60, stale-while-revalidate=86400");
      const etag = first.headers.get("etag")!;
      expect(etag, url).toMatch(/^"[A-Za-z0-9_-]{43}(-br|-gzip)?"$/);
      const body = await first.text();
      const again = await get(url, { Accept: "text/html" });
      expect(again.headers.get("etag"), url).toBe(etag);
      expect(await again.text(), url).toBe(body);
      const notModified = await get(url, { Accept: "text/html", "If-None-Match": etag });
      expect(notModified.status, url).toBe(304);
      expect(await notModified.text()).toBe("");
      // Nothing in it is about one reader: the page asks who is signed in after it loads.
      expect(body, url).not.toMatch(/Sign out|Review queue/);
    }
  });

  it("signed-in and private pages are never cached", async () => {
    for (const url of ["/login", "/workspace"]) {
      const r = await get(url, { Accept: "text/html" });
      expect(r.headers.get("cache-control"), url).toMatch(/private|no-store/);
      expect(r.headers.get("etag"), url).toBeNull();
    }
    const session = await get("/api/session");
    expect(session.headers.get("cache-control")).toBe("private, no-store");
    expect(await session.json()).toEqual({ user: null, links: [] });
  });
});

describe("public documents", () => {
  it("of a numbered release are cached for a year as immutable, with a strong ETag that a second request repeats, and 304 to it", async () => {
    for (const doc of documents()) {
      const url = `${doc}${doc.includes("?") ? "&" : "?"}release=${release}`;
      const first = await get(url);
      expect(first.status, url).toBe(200);
      expect(first.headers.get("cache-control"), url).toBe("public, max-age=31536000, immutable");
      const etag = first.headers.get("etag")!;
      // Strong, the sha256 of the bytes; each encoding the server compressed it to has its own (RFC 9110 §8.8.3).
      expect(etag, url).toMatch(/^"[A-Za-z0-9_-]{43}(-br|-gzip)?"$/);
      const body = await first.text();
      const again = await get(url);
      expect(again.headers.get("etag"), url).toBe(etag);
      expect(await again.text()).toBe(body);
      const notModified = await get(url, { "If-None-Match": etag });
      expect(notModified.status, url).toBe(304);
      expect(await notModified.text()).toBe("");
      expect(notModified.headers.get("etag")).toBe(etag);
      expect(notModified.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      // Another ETag (an older copy) gets the document again.
      expect((await get(url, { "If-None-Match": '"an-older-copy"' })).status, url).toBe(200);
    }
  });

  it("of the latest release are fresh for a minute and served stale while revalidated, with an ETag and 304", async () => {
    for (const url of documents()) {
      const r = await get(url);
      expect(r.status, url).toBe(200);
      expect(r.headers.get("cache-control"), url).toBe("public, max-age=60, stale-while-revalidate=86400");
      const etag = r.headers.get("etag")!;
      expect(etag, url).toBeTruthy();
      expect((await get(url, { "If-None-Match": `W/${etag}, "other"` })).status, url).toBe(304);
    }
    // The latest and the numbered URL of the same release are the same bytes, so the same ETag.
    const latest = await get("/api/public/sites/olinda/changes.geojson");
    const numbered = await get(`/api/public/sites/olinda/changes.geojson?release=${release}`);
    expect(latest.headers.get("etag")).toBe(numbered.headers.get("etag"));
  });

  it("and tiles and the OGC API may be read by other sites' maps and notebooks; signed-in APIs and pages may not", async () => {
    const [scene] = queryDb<{ id: string }>("select id from Scene where publicDisplay = 1 limit 1");
    for (const url of [...documents(), "/api/public/sites", "/ogc/collections/changes/items?limit=1", `/tiles/${scene!.id}/1/0/0.webp`]) {
      const r = await get(url, { Origin: "https://notebook.example.org" });
      expect(r.headers.get("access-control-allow-origin"), url).toBe("*");
      expect(r.headers.get("access-control-expose-headers"), url).toContain("ETag");
    }
    for (const url of ["/api/sites", `/api/scenes/${scene!.id}/cog`, "/sites/olinda", "/workspace"]) {
      expect((await get(url, { Origin: "https://notebook.example.org" })).headers.get("access-control-allow-origin"), url).toBeNull();
    }
  });
});

describe("security headers", () => {
  it("are on every response: pages, APIs, documents, tiles, scripts, errors", async () => {
    const page = await get("/sites/olinda");
    const script = /src="(\/_next\/static\/[^"]+\.js)"/.exec(await page.text())![1]!;
    for (const url of ["/sites/olinda", "/", "/login", "/api/public/sites/olinda", "/api/sites", "/no-such-page", script]) {
      const r = await get(url);
      expect(r.headers.get("x-content-type-options"), url).toBe("nosniff");
      expect(r.headers.get("referrer-policy"), url).toBe("strict-origin-when-cross-origin");
      expect(r.headers.get("permissions-policy"), url).toContain("camera=()");
      expect(r.headers.get("content-security-policy"), url).toContain("frame-ancestors 'none'");
      expect(r.headers.get("x-frame-options"), url).toBe("DENY");
      // Served over plain HTTP here: no HSTS (a client cannot claim HTTPS with a header; server.mjs drops it).
      expect(r.headers.get("strict-transport-security"), url).toBeNull();
    }
    expect((await get("/sites/olinda", { "X-Forwarded-Proto": "https" })).headers.get("strict-transport-security")).toBeNull();
    const embed = await get("/sites/olinda?embed=1");
    expect(embed.headers.get("content-security-policy")).toContain("frame-ancestors *");
    expect(embed.headers.get("x-frame-options")).toBeNull();
  });
});

describe("framing by another site", () => {
  let other: http.Server;
  let otherOrigin: string;
  beforeAll(async () => {
    // Another site (another origin: another port) that frames a Sitewatch embed and a normal page.
    other = http.createServer((_req, res) => {
      res.setHeader("content-type", "text/html");
      res.end(`<!doctype html><title>A newsroom</title>
        <iframe id="embed" src="${baseUrl()}/sites/olinda?embed=1" width="600" height="400"></iframe>
        <iframe id="page" src="${baseUrl()}/sites/olinda" width="600" height="400"></iframe>`);
    });
    await new Promise<void>((r) => other.listen(0, "127.0.0.1", r));
    otherOrigin = `http://localhost:${(other.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => other.close(() => r())));

  it("loads an embed page, and refuses a normal page", async () => {
    const { context, close } = await launchBrowser();
    try {
      const page = await context.newPage();
      await page.goto(otherOrigin);
      const frameOf = async (id: string) => (await (await page.$(`#${id}`))!.contentFrame())!;
      const embed = await frameOf("embed");
      await embed.waitForSelector(".ol-viewport", { timeout: 60_000 });
      expect(embed.url()).toContain("/sites/olinda?embed=1");
      const refused = await frameOf("page");
      await expect.poll(() => refused.url(), { timeout: 30_000 }).toMatch(/^chrome-error:/);
    } finally {
      await close();
    }
  });
});
