// Journey 4: signed out, nothing unpublished is reachable — not in pages, not
// in /api/public/*, not the raw imagery, not by guessing ids. Also the
// boundary defences: Origin checks on writes and sign-in throttling.
import { beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "./browser";
import { baseUrl, DEMO_PASSWORD, newPage, queryDb } from "./helpers";

interface Ids {
  sceneId: string;
  siteId: string;
  draftId: string;
  submittedId: string;
  publishedId: string;
}

let ids: Ids;
let unpublishedSlug: string;

beforeAll(() => {
  const [olinda] = queryDb<{ id: string }>("select id from Site where slug = 'olinda'");
  const byStatus = (s: string) => queryDb<{ id: string }>("select id from Annotation where siteId = ? and status = ? limit 1", olinda!.id, s)[0]!.id;
  ids = {
    siteId: olinda!.id,
    sceneId: queryDb<{ id: string }>("select id from Scene limit 1")[0]!.id,
    draftId: byStatus("DRAFT"),
    submittedId: byStatus("SUBMITTED"),
    publishedId: byStatus("PUBLISHED"),
  };
  unpublishedSlug = "never-published-" + Date.now().toString(36);
});

async function get(path: string, init?: RequestInit) {
  return fetch(`${baseUrl()}${path}`, { redirect: "manual", ...init });
}

describe("anonymous visitors", () => {
  it("get 401 from every signed-in API, including the raw imagery", async () => {
    const paths = [
      `/api/scenes/${ids.sceneId}/cog`,
      `/api/scenes/${ids.sceneId}/original`,
      `/api/scenes/${ids.sceneId}`,
      "/api/jobs/3f2a1c4e-1b2d-4c3e-9f00-000000000000",
      "/api/sites",
      `/api/sites/${ids.siteId}`,
      `/api/sites/${ids.siteId}/scenes`,
      `/api/sites/${ids.siteId}/annotations`,
      `/api/annotations/${ids.draftId}`,
      `/api/annotations/${ids.submittedId}/events`,
      `/api/annotations/${ids.submittedId}/history`,
      `/api/annotations/${ids.submittedId}/comments`,
      `/api/sites/${ids.siteId}/releases/preview`,
      "/api/review/queue",
      "/api/settings",
      // Guessed ids answer the same as real ones: no hint of what exists.
      "/api/scenes/c0000000000000000000000000/cog",
      "/api/annotations/c0000000000000000000000000",
    ];
    for (const path of paths) {
      const r = await get(path);
      expect(r.status, path).toBe(401);
      expect((await r.json()).error.code, path).toBe("not_signed_in");
    }
    const head = await get(`/api/scenes/${ids.sceneId}/cog`, { method: "HEAD" });
    expect(head.status).toBe(401);
    const ranged = await get(`/api/scenes/${ids.sceneId}/cog`, { headers: { Range: "bytes=0-15" } });
    expect(ranged.status).toBe(401);
  });

  it("cannot write anything", async () => {
    const writes: [string, string][] = [
      ["POST", "/api/sites"],
      ["PATCH", `/api/sites/${ids.siteId}`],
      ["POST", `/api/sites/${ids.siteId}/annotations`],
      ["PATCH", `/api/annotations/${ids.draftId}`],
      ["POST", `/api/annotations/${ids.submittedId}/transitions`],
      ["POST", `/api/sites/${ids.siteId}/releases`],
      ["POST", `/api/annotations/${ids.submittedId}/comments`],
      ["PATCH", "/api/settings"],
      ["POST", "/api/settings/change-types"],
      ["PATCH", "/api/settings/change-types/construction"],
    ];
    for (const [method, path] of writes) {
      const r = await get(path, { method, headers: { "Content-Type": "application/json" }, body: JSON.stringify({ version: 1, to: "APPROVED", note: "x" }) });
      expect(r.status, `${method} ${path}`).toBe(401);
    }
    const upload = new FormData();
    upload.append("file", new Blob([new Uint8Array(10)]), "x.tif");
    expect((await get(`/api/sites/${ids.siteId}/scenes`, { method: "POST", body: upload })).status).toBe(401);
  });

  it("see only the release snapshot in the public API", async () => {
    const list = await (await get("/api/public/sites")).json();
    expect(list.type).toBe("FeatureCollection");
    const site = await (await get("/api/public/sites/olinda")).json();
    const everything = JSON.stringify([list, site]);
    for (const unpublished of [
      "Draft: bare ground",
      "built-up area extends east",
      "internal-witness-note",
      "Witness note",
      "eastern edge follow a new wall",
      "casts a shadow",
      ids.draftId,
      ids.submittedId,
      // No store key of any raw file (an original's or a COG's sha256); image chips are named by their own hashes.
      ...queryDb<{ sha256: string; cogSha256: string | null }>("SELECT sha256, cogSha256 FROM Scene").flatMap((s) => [s.sha256, s.cogSha256 ?? s.sha256]),
      '"cogSha256"',
      "passwordHash",
      "@example.org",
    ]) {
      expect(everything).not.toContain(unpublished);
    }
    expect(everything).toContain(ids.publishedId);
    expect((await get(`/api/public/sites/${unpublishedSlug}`)).status).toBe(404);
  });

  it("are sent to sign in from the workspace, and see nothing unpublished in pages", async () => {
    const browser = await launchBrowser();
    try {
      const { page, errors } = await newPage(browser.context);
      for (const path of ["/workspace", "/workspace/review", "/workspace/settings", "/workspace/jobs", "/workspace/sites/olinda", "/workspace/sites/new"]) {
        await page.goto(`${baseUrl()}${path}`);
        expect(new URL(page.url()).pathname, path).toBe("/login");
      }
      await page.goto(`${baseUrl()}/sites/olinda`);
      const html = await page.content();
      for (const unpublished of ["Draft: bare ground", "built-up area extends east", "internal-witness-note"]) expect(html).not.toContain(unpublished);
      const missing = await page.goto(`${baseUrl()}/sites/${unpublishedSlug}`);
      expect(missing?.status()).toBe(404);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

describe("boundary defences", () => {
  async function signInCookie(email: string): Promise<string> {
    const r = await get("/api/auth/login", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
    expect(r.status).toBe(200);
    const cookie = r.headers.get("set-cookie")!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=lax/i);
    return cookie.split(";")[0]!;
  }

  it("serves signed-in users the stored GeoTIFF with HTTP Range, ETag and 416", async () => {
    const cookie = await signInCookie("analyst@example.org");
    const head = await get(`/api/scenes/${ids.sceneId}/cog`, { method: "HEAD", headers: { cookie } });
    expect(head.status).toBe(200);
    const size = Number(head.headers.get("content-length"));
    expect(head.headers.get("etag")).toMatch(/^"[0-9a-f]{64}"$/);
    const part = await get(`/api/scenes/${ids.sceneId}/cog`, { headers: { cookie, Range: "bytes=0-3" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 0-3/${size}`);
    expect([...new Uint8Array(await part.arrayBuffer())]).toEqual([0x49, 0x49, 0x2a, 0x00]); // "II*\0": a little-endian TIFF
    const beyond = await get(`/api/scenes/${ids.sceneId}/cog`, { headers: { cookie, Range: `bytes=${size}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get("content-range")).toBe(`bytes */${size}`);
    // The cog is the cloud-optimised copy; the original, as uploaded, is there too, under the scene's own sha256.
    const [scene] = queryDb<{ sha256: string; cogSha256: string | null }>("select sha256, cogSha256 from Scene where id = ?", ids.sceneId);
    expect(head.headers.get("etag")).toBe(`"${scene!.cogSha256}"`);
    const original = await get(`/api/scenes/${ids.sceneId}/original`, { method: "HEAD", headers: { cookie } });
    expect(original.status).toBe(200);
    expect(original.headers.get("etag")).toBe(`"${scene!.sha256}"`);
    expect(original.headers.get("content-disposition")).toMatch(/^attachment; filename="[\w.-]+"$/);
  });

  it("refuses what a role may not do, on the server, whatever the page shows", async () => {
    const cookie = await signInCookie("analyst@example.org");
    const json = { "Content-Type": "application/json", cookie };
    const forbidden: [string, string, unknown][] = [
      ["GET", "/api/review/queue", undefined],
      ["GET", `/api/sites/${ids.siteId}/releases/preview`, undefined],
      ["POST", `/api/sites/${ids.siteId}/releases`, { note: "an analyst's release" }],
      ["PATCH", "/api/settings", { footprintBufferM: 1 }],
      ["POST", "/api/settings/change-types", { label: "sneaky type" }],
      ["PATCH", "/api/settings/change-types/construction", { label: "renamed" }],
    ];
    for (const [method, path, body] of forbidden) {
      const r = await get(path, { method, headers: json, body: body === undefined ? undefined : JSON.stringify(body) });
      expect(r.status, `${method} ${path}`).toBe(403);
    }
    const editorCookie = await signInCookie("editor@example.org");
    const r = await get("/api/settings/change-types", {
      method: "POST",
      headers: { "Content-Type": "application/json", cookie: editorCookie },
      body: JSON.stringify({ label: "sneaky type" }),
    });
    expect(r.status).toBe(403);
    expect(queryDb("select key from ChangeTypeDef where label = 'sneaky type' or label = 'renamed'")).toEqual([]);
    // A signed-in analyst may read and write comments: they are for every signed-in person.
    const comment = await get(`/api/annotations/${ids.submittedId}/comments`, { method: "POST", headers: json, body: JSON.stringify({ body: "seen by signed-in people only" }) });
    expect(comment.status).toBe(201);
    expect(JSON.stringify(await (await get("/api/public/sites/olinda")).json())).not.toContain("seen by signed-in people only");
  });

  it("refuses a signed-in write that comes from another site's page (Origin check)", async () => {
    const cookie = await signInCookie("analyst@example.org");
    const r = await get("/api/sites", {
      method: "POST",
      headers: { cookie, Origin: "https://evil.example", "Content-Type": "application/json" },
      body: JSON.stringify({ name: "csrf", kind: "other", qualifier: "suspected", country: "X", footprint: null }),
    });
    expect(r.status).toBe(403);
    expect(queryDb("select id from Site where name = 'csrf'")).toEqual([]);
  });

  it("answers repeated failed sign-ins with 429 and Retry-After, for unknown emails too", async () => {
    const email = `nobody-${Date.now()}@example.org`;
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 6; i++) {
      const r = await get("/api/auth/login", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email, password: "wrong-password" }) });
      statuses.push(r.status);
      retryAfter = r.headers.get("retry-after");
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });
});
