// Several instances (issue 16): two web instances and two workers on one
// PostgreSQL database and one S3 endpoint, behind nginx (round robin), every
// process with a data folder of its own. Driven through nginx only, as a client
// would: sign in (the session holds whichever instance answers), upload two
// GeoTIFFs (each converted by a different worker: one worker is held stopped
// while the other must take the job), start a detection twice at once on both
// instances (one runs, one is told it already runs), annotate, submit, approve
// as an editor (four eyes: the analyst may not), publish; then, anonymous, the
// public page, tiles, GeoJSON and OGC items answer 200 and the same bytes from
// both instances. Last, failed sign-ins spread over both instances still lock
// the account for that address (the counters live in the database).
// An e2e test (not tests/db) because it needs the production build, which the
// e2e set-up makes; its own cluster stands beside the e2e server, sharing nothing.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { syntheticLandsatFile } from "../factories/synthetic-file";
import { IMAGERY } from "../setup/paths";
import { startCluster, UPSTREAM_HEADER, type Cluster } from "../support/cluster";
import { DEMO_PASSWORD, olindaTestSite, square } from "./helpers";

const RUN = Date.now().toString(36);
/** Before and after: on the Landsat 7 grid, neither in the demo data (so both are converted, not deduplicated). */
let files: string[] = [];
const ACQUIRED = ["2004-02-03T10:00:00Z", "2005-03-04T10:00:00Z"];
const CHANGE_TEXT = `Cluster change ${RUN}: a new building by the road`;
const SLOW = { timeout: 120_000, interval: 250 };

let cluster: Cluster;

interface Answer {
  status: number;
  /** Which web instance answered (nginx's $upstream_addr). */
  upstream: string;
  headers: Headers;
  bytes: Buffer;
  json<T = Record<string, unknown>>(): T;
}

/** A person at a browser: their own cookie, every request through nginx with the app's Origin. */
class Client {
  cookie = "";
  async send(method: string, route: string, body?: unknown): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (method !== "GET") headers.origin = cluster.baseUrl;
    let payload: BodyInit | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers["content-type"] = "application/json";
      payload = JSON.stringify(body);
    }
    const r = await fetch(`${cluster.baseUrl}${route}`, { method, headers, body: payload, redirect: "manual" });
    const setCookie = r.headers.get("set-cookie");
    if (setCookie?.startsWith("sitewatch_session=")) this.cookie = setCookie.split(";")[0]!;
    const bytes = Buffer.from(await r.arrayBuffer());
    return { status: r.status, upstream: r.headers.get(UPSTREAM_HEADER) ?? "", headers: r.headers, bytes, json: <T>() => JSON.parse(bytes.toString("utf8")) as T };
  }
  /** The JSON of a request that must answer `status`; the error message otherwise. */
  async expect<T = Record<string, unknown>>(status: number, method: string, route: string, body?: unknown): Promise<T> {
    const a = await this.send(method, route, body);
    expect(a.status, `${method} ${route} (via ${a.upstream}): ${a.bytes.toString("utf8").slice(0, 500)}`).toBe(status);
    return a.json<T>();
  }
  async signIn(email: string): Promise<void> {
    await this.expect(200, "POST", "/api/auth/login", { email, password: DEMO_PASSWORD });
    expect(this.cookie).toMatch(/^sitewatch_session=/);
  }
}

/** Each web instance's answer to one anonymous GET (asked through nginx until both have answered). */
async function fromBothInstances(route: string, client = new Client()): Promise<Map<string, Answer>> {
  const answers = new Map<string, Answer>();
  for (let i = 0; i < 10 && answers.size < cluster.web.length; i++) {
    const a = await client.send("GET", route);
    answers.set(a.upstream, a);
  }
  expect([...answers.keys()].sort(), `${route}: answered by both instances`).toEqual(cluster.web.map((w) => w.address).sort());
  return answers;
}

/**
 * Both answers are 200 and the same bytes. `ignore` blanks what legitimately
 * differs per response (the OGC API's `timeStamp`: when the answer was made).
 */
function expectSameBytes(answers: Map<string, Answer>, route: string, ignore?: RegExp): Answer {
  const [first, ...rest] = [...answers.values()];
  for (const a of [first!, ...rest]) expect(a.status, `${route} via ${a.upstream}: ${a.bytes.toString("utf8").slice(0, 300)}`).toBe(200);
  const comparable = (a: Answer) => (ignore ? Buffer.from(a.bytes.toString("latin1").replace(ignore, ""), "latin1") : a.bytes);
  for (const a of rest) expect(comparable(a).equals(comparable(first!)), `${route}: the same bytes from ${first!.upstream} and ${a.upstream}`).toBe(true);
  return first!;
}

/** The OGC API's response time, the one part of its documents that differs from answer to answer. */
const OGC_TIMESTAMP = /"timeStamp":"[^"]*"/g;

/** The worker whose log says it started job `id`, or -1. */
function workerThatRan(jobId: string): number {
  return cluster.workers.findIndex((w) => w.log().includes(`job ${jobId} convert-scene started`));
}

/** The XYZ tile holding lon/lat at zoom z. */
function tileAt(lon: number, lat: number, z: number): { x: number; y: number } {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return { x: Math.floor(((lon + 180) / 360) * n), y: Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n) };
}

beforeAll(async () => {
  files = [path.join(IMAGERY, "generated/l7-overviews.tif"), await syntheticLandsatFile()];
  cluster = await startCluster({ webInstances: 2, workers: 2, seed: true });
}, 600_000);

afterAll(async () => {
  await cluster?.stop();
}, 60_000);

beforeEach(({ onTestFailed }) => {
  onTestFailed(() => {
    if (cluster) console.error(cluster.logs());
  });
});

const analyst = new Client();
const editor = new Client();
let siteId = "";
let slug = "";
const sceneIds: string[] = [];
let annotationId = "";

describe("two web instances and two workers behind nginx", () => {
  it("keeps a session whichever instance answers, and ends it on both", async () => {
    const someone = new Client();
    await someone.signIn("editor2@example.org");
    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const a = await someone.send("GET", "/api/sites");
      expect(a.status, `via ${a.upstream}`).toBe(200);
      seen.add(a.upstream);
    }
    expect([...seen].sort()).toEqual(cluster.web.map((w) => w.address).sort());
    const token = someone.cookie;
    await someone.expect(200, "POST", "/api/auth/logout");
    // The old cookie, sent again (as a copy of it would be): dead on every instance.
    someone.cookie = token;
    const after = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const a = await someone.send("GET", "/api/sites");
      expect(a.status, `signed out, via ${a.upstream}`).toBe(401);
      after.add(a.upstream);
    }
    expect(after.size).toBe(2);
  });

  it("converts each upload on a worker: the first on worker 0 while worker 1 is held, the second on worker 1 while worker 0 is held", async () => {
    await analyst.signIn("analyst@example.org");
    const created = await analyst.expect<{ site: { id: string; slug: string } }>(201, "POST", "/api/sites", olindaTestSite(`Cluster ${RUN}`));
    siteId = created.site.id;
    slug = created.site.slug;
    for (const [i, file] of files.entries()) {
      const other = 1 - i;
      await cluster.pauseWorker(other);
      try {
        const form = new FormData();
        form.append("acquiredAt", ACQUIRED[i]!);
        form.append("sensor", `Cluster scene ${i} ${RUN}`);
        form.append("license", "CC-BY-4.0");
        form.append("attribution", "Test attribution");
        form.append("publicDisplay", "true");
        form.append("file", new Blob([fs.readFileSync(file)]), path.basename(file));
        const up = await analyst.expect<{ scene: { id: string; status: string }; job: { id: string } }>(202, "POST", `/api/sites/${siteId}/scenes`, form);
        expect(up.scene.status).toBe("PROCESSING");
        sceneIds.push(up.scene.id);
        await expect.poll(async () => (await analyst.expect<{ job: { status: string } }>(200, "GET", `/api/jobs/${up.job.id}`)).job.status, SLOW).toBe("SUCCEEDED");
        expect(workerThatRan(up.job.id), `the job ${up.job.id} ran on worker ${i}`).toBe(i);
        expect(cluster.workers[i]!.log()).toContain(`job ${up.job.id} convert-scene succeeded`);
        expect(cluster.workers[other]!.log()).not.toContain(up.job.id);
        const [row] = await cluster.query<{ kind: string; status: string; attempts: number; uniqueKey: string | null }>(
          'SELECT kind, status, attempts, "uniqueKey" FROM "Job" WHERE id = $1',
          [up.job.id],
        );
        expect(row).toEqual({ kind: "convert-scene", status: "SUCCEEDED", attempts: 1, uniqueKey: null });
        const [scene] = await cluster.query<{ status: string; cogSha256: string }>('SELECT status, "cogSha256" FROM "Scene" WHERE id = $1', [up.scene.id]);
        expect(scene).toEqual({ status: "READY", cogSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
      } finally {
        cluster.resumeWorker(other);
      }
    }
    // Nothing was converted in the web instances, and their data folders hold no imagery (the store is the bucket).
    for (const w of cluster.web) {
      const files = fs.readdirSync(w.dataDir, { recursive: true }).map(String);
      expect(files.filter((f) => /[0-9a-f]{64}/.test(f) && !f.includes("tile"))).toEqual([]);
    }
  });

  it("runs one detection per pair however many instances are asked at once", async () => {
    const body = { beforeSceneId: sceneIds[0], afterSceneId: sceneIds[1], sensitivity: 0.5 };
    // No worker may take (and end) the job before both requests are answered: the rule holds while it is queued.
    await cluster.pauseWorker(0);
    await cluster.pauseWorker(1);
    let answers: Answer[];
    try {
      answers = await Promise.all([analyst.send("POST", `/api/sites/${siteId}/detect`, body), analyst.send("POST", `/api/sites/${siteId}/detect`, body)]);
    } finally {
      cluster.resumeWorker(0);
      cluster.resumeWorker(1);
    }
    expect(new Set(answers.map((a) => a.upstream)).size, "both instances were asked").toBe(2);
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses, answers.map((a) => a.bytes.toString("utf8").slice(0, 300)).join("\n")).toEqual([202, 409]);
    const started = answers.find((a) => a.status === 202)!.json<{ job: { id: string } }>();
    await expect.poll(async () => (await analyst.expect<{ job: { status: string } }>(200, "GET", `/api/jobs/${started.job.id}`)).job.status, SLOW).toBe("SUCCEEDED");
  });

  it("annotates, submits, and is approved by an editor (not the analyst), then published", async () => {
    const { annotation } = await analyst.expect<{ annotation: { id: string; version: number } }>(201, "POST", `/api/sites/${siteId}/annotations`, {
      geometry: square(-34.872, -7.992, 0.003),
      changeType: "construction",
      confidence: "high",
      beforeSceneId: sceneIds[0],
      afterSceneId: sceneIds[1],
      description: CHANGE_TEXT,
      sources: [{ url: "https://example.org/cluster-source", title: "Cluster source" }],
    });
    annotationId = annotation.id;
    const submitted = await analyst.expect<{ annotation: { version: number } }>(200, "POST", `/api/annotations/${annotationId}/transitions`, {
      to: "SUBMITTED",
      version: annotation.version,
    });
    // Four eyes: the analyst cannot approve.
    const refused = await analyst.send("POST", `/api/annotations/${annotationId}/transitions`, { to: "APPROVED", version: submitted.annotation.version });
    expect(refused.status).toBe(403);

    await editor.signIn("editor@example.org");
    const queue = await editor.send("GET", "/api/review/queue");
    expect(queue.status).toBe(200);
    expect(queue.bytes.toString("utf8")).toContain(CHANGE_TEXT);
    await editor.expect(200, "POST", `/api/annotations/${annotationId}/transitions`, { to: "APPROVED", version: submitted.annotation.version });
    const { release } = await editor.expect<{ release: { number: number } }>(201, "POST", `/api/sites/${siteId}/releases`, { note: `Cluster release ${RUN}` });
    expect(release.number).toBe(1);
    const [events] = await cluster.query<{ n: number }>('SELECT count(*)::int AS n FROM "ReviewEvent" WHERE "annotationId" = $1', [annotationId]);
    expect(events!.n).toBeGreaterThanOrEqual(2);
  });

  it("serves the public page, tiles, GeoJSON and OGC items to anyone, the same bytes from both instances", async () => {
    const site = expectSameBytes(await fromBothInstances(`/api/public/sites/${slug}`), "site JSON").json<{ changes?: Array<{ description: string }> }>();
    expect(JSON.stringify(site)).toContain(CHANGE_TEXT);

    const page = await fromBothInstances(`/sites/${slug}`);
    for (const a of page.values()) {
      expect(a.status).toBe(200);
      expect(a.bytes.toString("utf8")).toContain(CHANGE_TEXT);
    }

    const geojson = expectSameBytes(await fromBothInstances(`/api/public/sites/${slug}/changes.geojson`), "GeoJSON").json<{
      type: string;
      features: Array<{ id: string; properties: { description: string } }>;
    }>();
    expect(geojson.type).toBe("FeatureCollection");
    expect(geojson.features.map((f) => f.id)).toContain(annotationId);

    const items = expectSameBytes(await fromBothInstances(`/ogc/collections/changes/items?bbox=-34.88,-8.0,-34.86,-7.98&limit=100`), "OGC items", OGC_TIMESTAMP).json<{
      features: Array<{ id: string }>;
    }>();
    expect(items.features.map((f) => f.id)).toContain(annotationId);
    expectSameBytes(await fromBothInstances(`/ogc/collections/changes/items/${annotationId}`), "OGC item", OGC_TIMESTAMP);

    // The after scene's tile over the change: rendered by whichever instance is asked first, then read from the
    // shared tile cache (in the bucket) by the other: the same WebP.
    const { x, y } = tileAt(-34.8705, -7.9905, 12);
    const tile = expectSameBytes(await fromBothInstances(`/tiles/${sceneIds[1]}/12/${x}/${y}.webp`), "tile");
    expect(tile.headers.get("content-type")).toBe("image/webp");
    expect(tile.bytes.subarray(0, 4).toString("latin1")).toBe("RIFF");
    expect(tile.bytes.subarray(8, 12).toString("latin1")).toBe("WEBP");
    expect(tile.bytes.length).toBeGreaterThan(100);
  });

  it("locks sign-in after failures spread over both instances (the counters are in the database)", async () => {
    const guesser = new Client();
    const seen = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const a = await guesser.send("POST", "/api/auth/login", { email: "admin@example.org", password: `wrong-${i}` });
      expect(a.status, `failure ${i + 1} via ${a.upstream}`).toBe(401);
      seen.add(a.upstream);
    }
    expect(seen.size, "the failures went to both instances").toBe(2);
    // Now even the right password is refused, by either instance.
    for (let i = 0; i < 2; i++) {
      const a = await guesser.send("POST", "/api/auth/login", { email: "admin@example.org", password: DEMO_PASSWORD });
      expect(a.status, `locked, via ${a.upstream}`).toBe(429);
      expect(Number(a.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(guesser.cookie).toBe("");
    }
    const [row] = await cluster.query<{ failures: number }>('SELECT failures FROM "LoginThrottle" WHERE key = $1', ["pair:admin@example.org|127.0.0.1"]);
    expect(row?.failures).toBe(5);
  });
});
