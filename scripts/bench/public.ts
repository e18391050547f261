// npm run bench:public — the public side under load, against the production
// server (`node server.mjs` over a `next build` of this tree, rebuilt if
// stale) on a fresh database in .bench/public/ (public-seed.ts: the 8192²
// scene ingested through the CLI, 1,000 published sites, "bench-big" with
// 1,000 published changes). Measures, with autocannon over keep-alive
// connections and each response's latency recorded (p95 from those):
//  - tiles cold: every z12–16 tile of the scene requested exactly once by 16
//    concurrent connections, from an empty tile cache and a freshly started
//    server; tiles/s against `gdal2tiles.py --xyz --processes=1` on the same
//    COG and zooms (WebP, bilinear), median of BENCH_RUNS runs each;
//  - tiles cached: the same URLs again for BENCH_DURATION_S, 16 connections
//    (and, for reference, one connection: the cost of a request without queueing);
//  - GET /api/public/sites/bench-big: 50 connections for BENCH_DURATION_S
//    after a warm-up, median of BENCH_RUNS runs (no Accept-Encoding, as
//    autocannon sends; one run with gzip on one connection for reference);
//  - Chromium (public-browser.ts): LCP, TBT and input latency of `/` (median
//    of BENCH_PAGE_LOADS first visits) and `/sites/bench-big`, and the
//    JavaScript each sends, gzipped.
// Targets (issue): cold p95 ≤ 50 ms, cached p95 ≤ 5 ms, throughput ≥ 3× gdal2tiles,
// site API p95 ≤ 20 ms, LCP of / ≤ 1.5 s, JavaScript per public page ≤ 300 kB gzipped
// (kB = 1,000 bytes here; the KiB figure is printed beside it).
// The load generator shares the machine's cores with the server; gdal2tiles runs while no server does.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { tilesCovering } from "@/imagery/tiles/web-mercator";
import { buildIfStale } from "../build-if-stale";
import { BENCH_DIR, ensureInput, median, ROOT, timed, writeResult } from "./bench-support";
import { measurePage, stepTimeline, typeInSearch, type PageResult } from "./public-browser";
import { BIG_SLUG, buildWorld } from "./public-seed";
import { load, startServer, type LoadResult, type Server } from "./public-server";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const PAGE_LOADS = Number(process.env.BENCH_PAGE_LOADS ?? 5);
const REFERENCE_S = 5;
const ZOOMS = [12, 16] as const;
const TILE_CONNECTIONS = 16;
const API_CONNECTIONS = 50;
const TARGETS = { coldP95Ms: 50, cachedP95Ms: 5, throughputRatio: 3, apiP95Ms: 20, releasePageP95Ms: 30, sliderStepMs: 100, lcpMs: 1500, jsGzipKB: 300 };

const started = performance.now();
const say = (msg: string) => console.error(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${msg}`);
const dir = path.join(BENCH_DIR, "public");
const serverLog = path.join(dir, "server.log");
const running: { server: Server | null } = { server: null };

/** Stops the running server, if any, and starts a new one (empty memory caches). */
async function restartServer(env: Record<string, string>): Promise<Server> {
  await running.server?.stop();
  running.server = await startServer(env, serverLog);
  return running.server;
}

/** Medians over runs of the figures that matter, each run kept in full beside them. */
function summarise(runs: LoadResult[]) {
  return {
    runs,
    median: {
      p50Ms: median(runs.map((r) => r.latencyMs.p50)),
      p95Ms: median(runs.map((r) => r.latencyMs.p95)),
      p99Ms: median(runs.map((r) => r.latencyMs.p99)),
      reqPerS: median(runs.map((r) => r.reqPerS)),
    },
  };
}

async function main() {
  if (buildIfStale(ROOT)) say("built the app (next build)");
  // Other work on the machine skews every figure here: say how busy it was.
  const loadAvgStart = os.loadavg();
  if (loadAvgStart[0]! > 0.5 * os.cpus().length)
    say(`warning: load average ${loadAvgStart.map((l) => l.toFixed(2)).join(" ")} before starting; other processes will skew the figures`);
  const input = ensureInput();

  say("building the world: fresh database, ingest of the 8192² scene, 1,000 published sites…");
  const world = await buildWorld(dir, input);
  say(
    `world ready: ${world.sites} sites, ${world.releases} releases, ingest ${world.ingestWallS.toFixed(1)} s, bench-big snapshot ${(world.bigSnapshotBytes / 1e6).toFixed(2)} MB`,
  );

  // The tiles to ask for: every z12–16 tile over the scene's lon/lat box (the set gdal2tiles makes).
  const tilePaths: string[] = [];
  for (let z = ZOOMS[0]; z <= ZOOMS[1]; z++) {
    for (const [x, y] of tilesCovering(world.scene.bbox, z)) tilePaths.push(`/tiles/${world.scene.id}/${z}/${x}/${y}.webp?r=${world.scene.renderKey}`);
  }

  // gdal2tiles with no server of ours running, on the very COG the server reads.
  const gdalDir = path.join(dir, "gdal2tiles");
  const gdalRuns: { wallS: number; tiles: number; tilesPerS: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    fs.rmSync(gdalDir, { recursive: true, force: true });
    const t = timed("gdal2tiles.py", ["--xyz", "--processes=1", "-z", `${ZOOMS[0]}-${ZOOMS[1]}`, "-r", "bilinear", "--tiledriver=WEBP", "-q", world.scene.cogFile, gdalDir]);
    const tiles = fs.readdirSync(gdalDir, { recursive: true }).filter((f) => String(f).endsWith(".webp")).length;
    gdalRuns.push({ wallS: t.wallS, tiles, tilesPerS: tiles / t.wallS });
    say(`gdal2tiles run ${i + 1}: ${tiles} tiles in ${t.wallS.toFixed(2)} s (${(tiles / t.wallS).toFixed(1)}/s)`);
  }

  // Cold: empty tile cache, new server (empty memory cache) each run. One request to a tile
  // of the scene's zoom range that holds no imagery first loads the route and the release index,
  // so the timed requests measure rendering, not the server's first request.
  const coldRuns: (LoadResult & { tilesPerS: number; ok: number })[] = [];
  let srv!: Server;
  for (let i = 0; i < RUNS; i++) {
    fs.rmSync(path.join(world.dataDir, "tile-cache"), { recursive: true, force: true });
    srv = await restartServer(world.env);
    const warm = await fetch(`${srv.baseUrl}/tiles/${world.scene.id}/${ZOOMS[1]}/0/0.webp?r=${world.scene.renderKey}`);
    if (warm.status !== 404) throw new Error(`warm-up tile: expected 404 (no imagery there), got ${warm.status}`);
    const r = await load({ baseUrl: srv.baseUrl, paths: tilePaths, connections: TILE_CONNECTIONS, amount: tilePaths.length });
    const ok = r.status["200"] ?? 0;
    if (ok === 0) throw new Error(`no tile rendered: ${JSON.stringify(r.status)} (see ${serverLog})`);
    coldRuns.push({ ...r, ok, tilesPerS: ok / r.wallS });
    say(
      `cold run ${i + 1}: ${ok} tiles (statuses ${JSON.stringify(r.status)}) in ${r.wallS.toFixed(2)} s → ${(ok / r.wallS).toFixed(1)}/s, p50 ${r.latencyMs.p50.toFixed(1)} ms, p95 ${r.latencyMs.p95.toFixed(1)} ms`,
    );
  }
  const sample = await fetch(`${srv.baseUrl}${tilePaths[Math.floor(tilePaths.length / 2)]}`);
  const sampleType = sample.headers.get("content-type");
  await sample.arrayBuffer();
  if (sample.status !== 200 || sampleType !== "image/webp") throw new Error(`a tile came back ${sample.status} ${sampleType}`);

  // Cached: the same server, every tile now in its memory cache and on disk.
  const cachedRuns: LoadResult[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await load({ baseUrl: srv.baseUrl, paths: tilePaths, connections: TILE_CONNECTIONS, durationS: DURATION_S });
    cachedRuns.push(r);
    say(
      `cached run ${i + 1}: ${r.requests} requests, ${r.reqPerS.toFixed(0)}/s, p50 ${r.latencyMs.p50.toFixed(2)} ms, p95 ${r.latencyMs.p95.toFixed(2)} ms, p99 ${r.latencyMs.p99.toFixed(2)} ms`,
    );
  }

  // For reference: one connection, so no queueing (what one request costs on an idle server).
  const cachedSingle = await load({ baseUrl: srv.baseUrl, paths: tilePaths, connections: 1, durationS: REFERENCE_S });
  say(`cached, 1 connection: ${cachedSingle.reqPerS.toFixed(0)}/s, p50 ${cachedSingle.latencyMs.p50.toFixed(2)} ms, p95 ${cachedSingle.latencyMs.p95.toFixed(2)} ms`);

  // The site API, checked once for content, warmed up, then measured.
  const apiPath = `/api/public/sites/${BIG_SLUG}`;
  const body = (await (await fetch(srv.baseUrl + apiPath)).json()) as { snapshot: { changes: unknown[] }; history: unknown[] };
  if (body.snapshot.changes.length !== world.bigChanges) throw new Error(`${apiPath} has ${body.snapshot.changes.length} changes, expected ${world.bigChanges}`);
  const apiBytes = Buffer.byteLength(JSON.stringify(body));
  await load({ baseUrl: srv.baseUrl, paths: [apiPath], connections: API_CONNECTIONS, durationS: 3 });
  const apiRuns: LoadResult[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await load({ baseUrl: srv.baseUrl, paths: [apiPath], connections: API_CONNECTIONS, durationS: DURATION_S });
    if ((r.status["200"] ?? 0) !== r.requests) throw new Error(`${apiPath}: statuses ${JSON.stringify(r.status)}`);
    apiRuns.push(r);
    say(
      `site API run ${i + 1}: ${r.requests} requests, ${r.reqPerS.toFixed(0)}/s, p50 ${r.latencyMs.p50.toFixed(2)} ms, p95 ${r.latencyMs.p95.toFixed(2)} ms, p99 ${r.latencyMs.p99.toFixed(2)} ms`,
    );
  }

  // For reference: one connection, without and with gzip (which browsers ask for; autocannon does not).
  const apiSingle = await load({ baseUrl: srv.baseUrl, paths: [apiPath], connections: 1, durationS: REFERENCE_S });
  const apiSingleGzip = await load({ baseUrl: srv.baseUrl, paths: [apiPath], connections: 1, durationS: REFERENCE_S, headers: { "accept-encoding": "gzip" } });
  say(
    `site API, 1 connection: p50 ${apiSingle.latencyMs.p50.toFixed(2)} ms, p95 ${apiSingle.latencyMs.p95.toFixed(2)} ms; gzipped ${(apiSingleGzip.bytes / Math.max(1, apiSingleGzip.requests) / 1e3).toFixed(0)} kB: p50 ${apiSingleGzip.latencyMs.p50.toFixed(2)} ms, p95 ${apiSingleGzip.latencyMs.p95.toFixed(2)} ms`,
  );

  // A release's own page (immutable), from the fast path, at the site API's concurrency.
  const releasePath = `/sites/${BIG_SLUG}/releases/${world.bigLatestRelease}`;
  const releaseHtml = await (await fetch(srv.baseUrl + releasePath)).text();
  if (!releaseHtml.includes("Bench big site")) throw new Error(`${releasePath} does not show the site`);
  await load({ baseUrl: srv.baseUrl, paths: [releasePath], connections: API_CONNECTIONS, durationS: 3 });
  const releaseRuns: LoadResult[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await load({ baseUrl: srv.baseUrl, paths: [releasePath], connections: API_CONNECTIONS, durationS: DURATION_S });
    if ((r.status["200"] ?? 0) !== r.requests) throw new Error(`${releasePath}: statuses ${JSON.stringify(r.status)}`);
    releaseRuns.push(r);
    say(`release page run ${i + 1}: ${r.requests} requests, ${r.reqPerS.toFixed(0)}/s, p50 ${r.latencyMs.p50.toFixed(2)} ms, p95 ${r.latencyMs.p95.toFixed(2)} ms`);
  }

  // For reference: what browsers get (Accept-Encoding: br), the same 50 connections, one run each.
  const brotli = { "accept-encoding": "br" };
  const apiBr = await load({ baseUrl: srv.baseUrl, paths: [apiPath], connections: API_CONNECTIONS, durationS: DURATION_S, headers: brotli });
  const releaseBr = await load({ baseUrl: srv.baseUrl, paths: [releasePath], connections: API_CONNECTIONS, durationS: DURATION_S, headers: brotli });
  say(
    `with Accept-Encoding: br, ${API_CONNECTIONS} connections: site API p95 ${apiBr.latencyMs.p95.toFixed(2)} ms (${(apiBr.bytes / Math.max(1, apiBr.requests) / 1e3).toFixed(0)} kB a response), release page p95 ${releaseBr.latencyMs.p95.toFixed(2)} ms (${(releaseBr.bytes / Math.max(1, releaseBr.requests) / 1e3).toFixed(0)} kB)`,
  );

  // The reference, in the same run: a bare node:http server answering the same bytes from memory (scripts/bench/bare-server.mjs).
  const bareDir = path.join(dir, "bare");
  fs.rmSync(bareDir, { recursive: true, force: true });
  fs.mkdirSync(bareDir, { recursive: true });
  const manifest: Record<string, { file: string; type: string }> = {};
  for (const [i, p] of [...tilePaths, apiPath, releasePath].entries()) {
    const r = await fetch(srv.baseUrl + p);
    if (r.status !== 200) continue;
    const file = path.join(bareDir, String(i));
    fs.writeFileSync(file, Buffer.from(await r.arrayBuffer()));
    manifest[p] = { file, type: r.headers.get("content-type") ?? "application/octet-stream" };
  }
  fs.writeFileSync(path.join(bareDir, "manifest.json"), JSON.stringify(manifest));
  const bare = await startServer({}, serverLog, ["scripts/bench/bare-server.mjs", path.join(bareDir, "manifest.json")]);
  const bareTilePaths = tilePaths.filter((p) => manifest[p]);
  const bareRuns = { tiles: [] as LoadResult[], api: [] as LoadResult[], release: [] as LoadResult[] };
  for (let i = 0; i < RUNS; i++) {
    bareRuns.tiles.push(await load({ baseUrl: bare.baseUrl, paths: bareTilePaths, connections: TILE_CONNECTIONS, durationS: DURATION_S }));
    bareRuns.api.push(await load({ baseUrl: bare.baseUrl, paths: [apiPath], connections: API_CONNECTIONS, durationS: DURATION_S }));
    bareRuns.release.push(await load({ baseUrl: bare.baseUrl, paths: [releasePath], connections: API_CONNECTIONS, durationS: DURATION_S }));
    say(
      `bare reference run ${i + 1}: tiles p95 ${bareRuns.tiles[i]!.latencyMs.p95.toFixed(2)} ms, site API p95 ${bareRuns.api[i]!.latencyMs.p95.toFixed(2)} ms, release page p95 ${bareRuns.release[i]!.latencyMs.p95.toFixed(2)} ms`,
    );
  }
  await bare.stop();

  // Chromium: first visits of the two public pages.
  const homeHtml = await (await fetch(`${srv.baseUrl}/`)).text();
  if (!homeHtml.includes(`${world.sites} sites`)) throw new Error(`/ does not list ${world.sites} sites`);
  say(`Chromium: ${PAGE_LOADS} first visits of / …`);
  const home = await measurePage(srv.baseUrl, "/", PAGE_LOADS, typeInSearch);
  say(`Chromium: ${PAGE_LOADS} first visits of /sites/${BIG_SLUG} …`);
  const site = await measurePage(srv.baseUrl, `/sites/${BIG_SLUG}`, PAGE_LOADS, stepTimeline);
  await srv.stop();

  const tileCount = tilePaths.length;
  const ourRate = median(coldRuns.map((r) => r.tilesPerS));
  const gdalRate = median(gdalRuns.map((r) => r.tilesPerS));
  const cold = summarise(coldRuns);
  const cached = summarise(cachedRuns);
  const api = summarise(apiRuns);
  const releasePage = summarise(releaseRuns);
  const bareTiles = summarise(bareRuns.tiles);
  const bareApi = summarise(bareRuns.api);
  const bareRelease = summarise(bareRuns.release);
  const kB = (b: number) => b / 1000;
  const checks = {
    tilesColdP95: { value: cold.median.p95Ms, target: `≤ ${TARGETS.coldP95Ms} ms`, met: cold.median.p95Ms <= TARGETS.coldP95Ms },
    tilesCachedP95: { value: cached.median.p95Ms, target: `≤ ${TARGETS.cachedP95Ms} ms`, met: cached.median.p95Ms <= TARGETS.cachedP95Ms },
    tilesThroughputRatio: { value: ourRate / gdalRate, target: `≥ ${TARGETS.throughputRatio}`, met: ourRate / gdalRate >= TARGETS.throughputRatio },
    tilesCachedVsBare: { value: cached.median.p95Ms / bareTiles.median.p95Ms, target: "≤ 2× the bare server", met: cached.median.p95Ms <= 2 * bareTiles.median.p95Ms },
    siteApiP95: { value: api.median.p95Ms, target: `≤ ${TARGETS.apiP95Ms} ms`, met: api.median.p95Ms <= TARGETS.apiP95Ms },
    siteApiVsBare: { value: api.median.p95Ms / bareApi.median.p95Ms, target: "≤ 2× the bare server", met: api.median.p95Ms <= 2 * bareApi.median.p95Ms },
    releasePageP95: { value: releasePage.median.p95Ms, target: `≤ ${TARGETS.releasePageP95Ms} ms`, met: releasePage.median.p95Ms <= TARGETS.releasePageP95Ms },
    siteSliderStep: {
      value: site.median.interactionMs,
      target: `≤ ${TARGETS.sliderStepMs} ms`,
      met: site.median.interactionMs !== null && site.median.interactionMs <= TARGETS.sliderStepMs,
    },
    siteLcp: { value: site.median.lcpMs, target: `≤ ${TARGETS.lcpMs} ms`, met: site.median.lcpMs <= TARGETS.lcpMs },
    homeLcp: { value: home.median.lcpMs, target: `≤ ${TARGETS.lcpMs} ms`, met: home.median.lcpMs <= TARGETS.lcpMs },
    homeJsGzip: { value: kB(home.scripts.gzipBytes), target: `≤ ${TARGETS.jsGzipKB} kB`, met: kB(home.scripts.gzipBytes) <= TARGETS.jsGzipKB },
    siteJsGzip: { value: kB(site.scripts.gzipBytes), target: `≤ ${TARGETS.jsGzipKB} kB`, met: kB(site.scripts.gzipBytes) <= TARGETS.jsGzipKB },
  };
  const result = {
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, memGiB: Math.round(os.totalmem() / 2 ** 30), loadAvgStart, loadAvgEnd: os.loadavg() },
    runs: RUNS,
    durationS: DURATION_S,
    world: {
      sites: world.sites,
      releases: world.releases,
      bigSiteChanges: world.bigChanges,
      bigSnapshotBytes: world.bigSnapshotBytes,
      ingestWallS: world.ingestWallS,
      sceneCogBytes: world.scene.cogBytes,
      sceneBbox: world.scene.bbox,
    },
    tiles: {
      zooms: `${ZOOMS[0]}-${ZOOMS[1]}`,
      urls: tileCount,
      connections: TILE_CONNECTIONS,
      sampleContentType: sampleType,
      cold: { ...cold, median: { ...cold.median, tilesPerS: ourRate, wallS: median(coldRuns.map((r) => r.wallS)) } },
      cached,
      cachedOneConnection: cachedSingle,
      gdal2tiles: { runs: gdalRuns, median: { wallS: median(gdalRuns.map((r) => r.wallS)), tilesPerS: gdalRate } },
      throughputRatio: ourRate / gdalRate,
    },
    siteApi: { path: apiPath, connections: API_CONNECTIONS, bodyBytes: apiBytes, ...api, oneConnection: apiSingle, oneConnectionGzip: apiSingleGzip },
    releasePage: { path: releasePath, connections: API_CONNECTIONS, bodyBytes: Buffer.byteLength(releaseHtml), ...releasePage },
    bareReference: { tiles: bareTiles, siteApi: bareApi, releasePage: bareRelease },
    brotliReference: { siteApi: apiBr, releasePage: releaseBr },
    pages: { home, site },
    latencyNote: "p50/p95/p99 from every response's time as autocannon measured it (its 'response' event, sub-ms); autocannon's own histogram percentiles are kept per run",
    checks,
  };

  const f = (n: number, d = 1) => n.toFixed(d);
  const mark = (ok: boolean) => (ok ? "met" : "NOT met");
  const ms = (n: number | null) => (n === null ? "–" : n === 0 ? "<16 ms" : `${f(n, 0)} ms`);
  console.log(
    `\npublic benchmark, ${result.machine.cpus} × ${result.machine.model}, median of ${RUNS} runs (${DURATION_S} s each for the timed loads); load average ${loadAvgStart[0]!.toFixed(2)} at the start, ${result.machine.loadAvgEnd[0]!.toFixed(2)} at the end`,
  );
  console.log(
    `world: ${world.sites} published sites, bench-big with ${world.bigChanges} changes (${f(world.bigSnapshotBytes / 1e6, 2)} MB snapshot), scene ingested in ${f(world.ingestWallS)} s`,
  );
  console.log(`\ntiles z${result.tiles.zooms}, ${tileCount} URLs, ${TILE_CONNECTIONS} connections:`);
  console.log(
    `  cold   ${coldRuns.map((r) => r.ok).join("/")} tiles rendered in ${coldRuns.map((r) => f(r.wallS, 2)).join("/")} s → ${f(ourRate)} tiles/s; p50 ${f(cold.median.p50Ms)} ms, p95 ${f(cold.median.p95Ms)} ms (target ≤ ${TARGETS.coldP95Ms}: ${mark(checks.tilesColdP95.met)}), p99 ${f(cold.median.p99Ms)} ms`,
  );
  console.log(
    `  cached ${f(cached.median.reqPerS, 0)} req/s; p50 ${f(cached.median.p50Ms, 2)} ms, p95 ${f(cached.median.p95Ms, 2)} ms (target ≤ ${TARGETS.cachedP95Ms}: ${mark(checks.tilesCachedP95.met)}), p99 ${f(cached.median.p99Ms, 2)} ms`,
  );
  console.log(`  cached, 1 connection (reference): ${f(cachedSingle.reqPerS, 0)} req/s; p50 ${f(cachedSingle.latencyMs.p50, 2)} ms, p95 ${f(cachedSingle.latencyMs.p95, 2)} ms`);
  console.log(`  gdal2tiles --processes=1: ${gdalRuns[0]!.tiles} tiles in ${gdalRuns.map((r) => f(r.wallS, 2)).join("/")} s → ${f(gdalRate)} tiles/s`);
  console.log(`  throughput ratio ${f(ourRate / gdalRate, 2)} (target ≥ ${TARGETS.throughputRatio}: ${mark(checks.tilesThroughputRatio.met)})`);
  console.log(
    `\nGET ${apiPath} (${f(apiBytes / 1e6, 2)} MB), ${API_CONNECTIONS} connections: ${f(api.median.reqPerS, 0)} req/s; p50 ${f(api.median.p50Ms, 2)} ms, p95 ${f(api.median.p95Ms, 2)} ms (target ≤ ${TARGETS.apiP95Ms}: ${mark(checks.siteApiP95.met)}), p99 ${f(api.median.p99Ms, 2)} ms`,
  );
  console.log(
    `  1 connection (reference): p50 ${f(apiSingle.latencyMs.p50, 2)} ms, p95 ${f(apiSingle.latencyMs.p95, 2)} ms; with Accept-Encoding: gzip (${f(apiSingleGzip.bytes / Math.max(1, apiSingleGzip.requests) / 1e3, 0)} kB a response, headers included) p50 ${f(apiSingleGzip.latencyMs.p50, 2)} ms, p95 ${f(apiSingleGzip.latencyMs.p95, 2)} ms`,
  );
  console.log(
    `\nGET ${releasePath} (${f(Buffer.byteLength(releaseHtml) / 1e3, 0)} kB HTML), ${API_CONNECTIONS} connections: ${f(releasePage.median.reqPerS, 0)} req/s; p50 ${f(releasePage.median.p50Ms, 2)} ms, p95 ${f(releasePage.median.p95Ms, 2)} ms (target ≤ ${TARGETS.releasePageP95Ms}: ${mark(checks.releasePageP95.met)}), p99 ${f(releasePage.median.p99Ms, 2)} ms`,
  );
  console.log(
    `  with Accept-Encoding: br (reference, one run): site API p95 ${f(apiBr.latencyMs.p95, 2)} ms (${f(apiBr.bytes / Math.max(1, apiBr.requests) / 1e3, 0)} kB a response, ${f(apiBr.reqPerS, 0)} req/s); release page p95 ${f(releaseBr.latencyMs.p95, 2)} ms (${f(releaseBr.bytes / Math.max(1, releaseBr.requests) / 1e3, 0)} kB, ${f(releaseBr.reqPerS, 0)} req/s)`,
  );
  console.log(`\nbare node:http on the same bytes, same connections (reference):`);
  console.log(
    `  tiles p95 ${f(bareTiles.median.p95Ms, 2)} ms (${f(bareTiles.median.reqPerS, 0)} req/s) → ours ${f(cached.median.p95Ms / bareTiles.median.p95Ms, 2)}× (target ≤ 2×: ${mark(checks.tilesCachedVsBare.met)})`,
  );
  console.log(
    `  site API p95 ${f(bareApi.median.p95Ms, 2)} ms (${f(bareApi.median.reqPerS, 0)} req/s) → ours ${f(api.median.p95Ms / bareApi.median.p95Ms, 2)}× (target ≤ 2×: ${mark(checks.siteApiVsBare.met)})`,
  );
  console.log(
    `  release page p95 ${f(bareRelease.median.p95Ms, 2)} ms (${f(bareRelease.median.reqPerS, 0)} req/s) → ours ${f(releasePage.median.p95Ms / bareRelease.median.p95Ms, 2)}×`,
  );
  for (const [label, p, lcpTarget] of [
    ["/", home, true],
    [`/sites/${BIG_SLUG}`, site, false],
  ] as [string, PageResult, boolean][]) {
    const s = p.scripts;
    console.log(`\nChromium ${label}, median of ${p.loads.length} first visits:`);
    console.log(
      `  LCP ${f(p.median.lcpMs, 0)} ms (target ≤ ${TARGETS.lcpMs}: ${mark(lcpTarget ? checks.homeLcp.met : checks.siteLcp.met)}) [${p.loads.map((l) => f(l.lcpMs, 0)).join(", ")}; element ${p.loads[0]!.lcpElement}], FCP ${f(p.median.fcpMs, 0)} ms, TTFB ${f(p.median.ttfbMs, 0)} ms, load ${f(p.median.loadEventMs, 0)} ms`,
    );
    console.log(
      `  responsiveness: TBT ${f(p.median.tbtMs, 0)} ms [${p.loads.map((l) => f(l.tbtMs, 0)).join(", ")}], longest task ${f(Math.max(...p.loads.map((l) => l.longestTaskMs)), 0)} ms, input → next paint ${ms(p.median.interactionMs)} (${label === "/" ? "typing in the search box" : "stepping the timeline"}), map hover ${ms(p.median.hoverMs)} (for scale, web.dev calls TBT ≤ 200 ms and INP ≤ 200 ms good; the issue sets no number)`,
    );
    const met = label === "/" ? checks.homeJsGzip.met : checks.siteJsGzip.met;
    console.log(
      `  JavaScript: ${s.files} files, ${f(kB(s.rawBytes))} kB raw, ${f(kB(s.gzipBytes))} kB gzipped = ${f(s.gzipBytes / 1024)} KiB (target ≤ ${TARGETS.jsGzipKB} kB: ${mark(met)}); the server sent ${f(kB(s.servedBytes))} kB (${s.servedEncoding}); plus ${s.inline.scripts} inline scripts in the HTML (RSC payload) ${f(kB(s.inline.rawBytes))} kB raw, ${f(kB(s.inline.gzipBytes))} kB gzipped → ${f(kB(s.gzipBytes + s.inline.gzipBytes))} kB in all; HTML ${f(kB(s.htmlBytes))} kB, ${f(kB(s.htmlGzipBytes))} kB gzipped`,
    );
  }
  const unmet = Object.entries(checks)
    .filter(([, c]) => !c.met)
    .map(([k]) => k);
  console.log(`\ntargets: ${Object.keys(checks).length - unmet.length} of ${Object.keys(checks).length} met${unmet.length ? `; not met: ${unmet.join(", ")}` : ""}`);
  writeResult("public", result);
  say("done");
}

try {
  await main();
} finally {
  await running.server?.stop();
}
