// The job queue with real worker processes on one database: each job runs
// exactly once across workers; a worker killed with SIGKILL in the middle of a
// conversion or a detection loses nothing (another worker takes the job when
// its lease expires and completes it, and the store keeps no temp or orphan
// file); a cancel from the web stops a running job; a worker stopped with
// SIGTERM gives its job back; a job whose scene was deleted fails with a
// message and the worker goes on.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Job } from "@prisma/client";
import type { SessionUser } from "@/lib/auth/session.server";
import { config } from "@/lib/config.server";
import { db } from "@/lib/db.server";
import { startDetection } from "@/lib/detect/start-detection.server";
import { cancelJob } from "@/lib/jobs/cancel-job.server";
import { getJobQueue } from "@/lib/jobs/get-job-queue.server";
import { isJobActive } from "@/lib/jobs/job-rules";
import { getJobForUser } from "@/lib/jobs/jobs.server";
import { listJobs } from "@/lib/jobs/list-jobs.server";
import { listLiveWorkers } from "@/lib/jobs/worker-presence.server";
import { retryJob } from "@/lib/jobs/retry-job.server";
import { gaveUpMessage } from "@/lib/jobs/sqlite-job-queue.server";
import { waitForJob } from "@/lib/jobs/wait-for-job.server";
import { acceptSceneUpload } from "@/lib/scenes/accept-scene-upload.server";
import { ingestStagedScene } from "@/lib/scenes/ingest-scene.server";
import { stageLocalFile } from "@/lib/scenes/stage-upload.server";
import { createSite } from "@/lib/sites/create-site.server";
import { buildSite, createUser } from "../factories";
import { IMAGERY } from "../setup/paths";
import { gdalTranslate, paintedCopy } from "../support/gdal";
import { startWorker, stopWorker, waitForExit, type WorkerProcess } from "../support/worker-process";

// Conversions and detections of 3072² scenes in real worker processes: on a busy
// 2-core machine (the browser tests run beside these) one test can take minutes.
// The timeout only catches a hang; no test here measures speed.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 240_000 });

let analyst: SessionUser;
let siteId: string;
/** A 3072² six-band scene: a conversion or a detection on it takes long enough to be interrupted. */
let bigBefore: string;
let bigAfter: string;
const workers: WorkerProcess[] = [];
const meta = { license: "Apache-2.0", attribution: "test" };

async function worker(args: Parameters<typeof startWorker>[0] = {}): Promise<WorkerProcess> {
  const w = await startWorker(args);
  workers.push(w);
  return w;
}

afterEach(async () => {
  const hung: unknown[] = [];
  for (const w of workers.splice(0)) {
    w.child.kill("SIGCONT");
    await stopWorker(w).catch((e: unknown) => hung.push(e));
  }
  if (hung.length) throw hung[0];
});

/** Polls until `ok`; `never` says the awaited state can no longer come (the job ended first). */
async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, never: (v: T) => boolean = () => false, timeoutMs = 240_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (never(v)) throw new Error(`${what} never came; last: ${JSON.stringify(v)}`);
    if (Date.now() - start > timeoutMs) throw new Error(`waited ${timeoutMs} ms for ${what}; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const jobRow = (id: string) => () => db.job.findUniqueOrThrow({ where: { id } });
const runningWithProgress = (j: Job) => j.status === "RUNNING" && j.progress > 0;
const ended = (j: Job) => !isJobActive(j.status);
/** The job is under way and has written its first temp file (killing it now leaves debris to clean). */
const underWayWithTempFile = (id: string) => async () => ({ job: await jobRow(id)(), tmp: listDir(".tmp") });

/** Files in the store proper, by name (sha256). */
function storeFiles(): string[] {
  return fs
    .readdirSync(config.storeDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && /^[0-9a-f]{2}$/.test(e.name))
    .flatMap((d) => fs.readdirSync(path.join(config.storeDir, d.name)))
    .sort();
}

/** What the store must hold exactly: the originals and COGs of READY scenes. */
async function referencedFiles(): Promise<string[]> {
  const scenes = await db.scene.findMany({ where: { status: "READY" } });
  return [...new Set(scenes.flatMap((s) => [s.sha256, s.cogSha256!]))].sort();
}

function listDir(name: ".tmp" | ".staging"): string[] {
  const dir = path.join(config.storeDir, name);
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

beforeAll(async () => {
  analyst = await createUser("ANALYST");
  siteId = (await createSite({ input: buildSite(), actor: analyst })).id;
  bigBefore = path.join(config.dataDir, "big-before.tif");
  bigAfter = path.join(config.dataDir, "big-after.tif");
  gdalTranslate(["-outsize", "3072", "3072", "-r", "bilinear", path.join(IMAGERY, "L7_ETMs.tif"), bigBefore]);
  paintedCopy(bigBefore, bigAfter, { x: 900, y: 900, width: 300, height: 200 }, 250);
});

describe("two workers on one database", () => {
  it("run each of 50 queued jobs exactly once, and share them", async () => {
    const logFile = path.join(config.dataDir, "probe.log");
    const env = { PROBE_LOG: logFile };
    const [a, b] = [await worker({ probe: true, concurrency: 2, env }), await worker({ probe: true, concurrency: 2, env })];
    const queue = getJobQueue();
    const jobs = [];
    for (let i = 0; i < 50; i++) jobs.push(await queue.enqueue({ input: { kind: "probe", payload: { sleepMs: 30 }, createdById: analyst.id } }));
    for (const job of jobs) expect((await waitForJob({ jobId: job.id })).status).toBe("SUCCEEDED");

    const lines = fs.readFileSync(logFile, "utf8").trim().split("\n");
    const ran = lines.map((l) => l.split(" ")[0]);
    expect(ran).toHaveLength(50);
    expect(new Set(ran)).toEqual(new Set(jobs.map((j) => j.id)));
    expect(new Set(lines.map((l) => Number(l.split(" ")[1])))).toEqual(new Set([a!.pid, b!.pid]));
    const rows = await db.job.findMany({ where: { id: { in: jobs.map((j) => j.id) } } });
    expect(rows.every((r) => r.attempts === 1 && r.leaseOwner === null)).toBe(true);
  });
});

describe("a worker killed with SIGKILL", () => {
  it("in the middle of a conversion: another worker completes it, no scene is left PROCESSING, and the store holds no temp or orphan file", async () => {
    const first = await worker();
    const { scene, job } = await acceptSceneUpload({ staged: await stageLocalFile(bigBefore), siteId, actor: analyst, metadata: { ...meta, acquiredAt: "2001-07-15" } });
    await until(
      "the conversion to be writing its COG",
      underWayWithTempFile(job!.id),
      (v) => runningWithProgress(v.job) && v.tmp.length > 0,
      (v) => ended(v.job),
    );
    first.child.kill("SIGKILL");
    expect(await first.exited).toBe("SIGKILL");
    // The dead worker's half-written COG is still there.
    expect(listDir(".tmp").length).toBeGreaterThan(0);
    expect((await db.job.findUniqueOrThrow({ where: { id: job!.id } })).status).toBe("RUNNING");

    await worker();
    const done = await waitForJob({ jobId: job!.id });
    expect(done).toMatchObject({ status: "SUCCEEDED", attempts: 2 });
    expect(await db.scene.findUniqueOrThrow({ where: { id: scene.id } })).toMatchObject({ status: "READY", statusMessage: "" });
    expect(await db.scene.count({ where: { status: "PROCESSING" } })).toBe(0);
    expect(storeFiles()).toEqual(await referencedFiles());
    expect(listDir(".tmp")).toEqual([]);
    expect(listDir(".staging")).toEqual([]);
  });

  it("in the middle of a detection: another worker completes it and exactly one set of candidates exists", async () => {
    const before = await db.scene.findFirstOrThrow({ where: { originalFilename: "big-before.tif" } });
    const after = (await ingestStagedScene({ staged: await stageLocalFile(bigAfter), siteId, actor: analyst, metadata: { ...meta, acquiredAt: "2003-08-02", synthetic: true } }))
      .scene;
    await db.site.update({ where: { id: siteId }, data: { footprint: before.footprint } });
    const pair = { beforeSceneId: before.id, afterSceneId: after.id };

    const first = await worker();
    const job = await startDetection({ siteId, input: pair, actor: analyst });
    await until("the detection to be under way", jobRow(job.id), runningWithProgress, ended);
    first.child.kill("SIGKILL");
    await first.exited;

    await worker();
    const done = await waitForJob({ jobId: job.id });
    expect(done).toMatchObject({ status: "SUCCEEDED", attempts: 2 });
    const proposed = (JSON.parse(done.result!) as { proposed: number }).proposed;
    expect(proposed).toBeGreaterThan(0);
    const candidates = await db.changeCandidate.findMany({ where: { siteId, ...pair } });
    expect(candidates).toHaveLength(proposed);
    expect(new Set(candidates.map((c) => c.jobId))).toEqual(new Set([job.id]));
    expect(listDir(".tmp")).toEqual([]);
  });

  it("more often than a job's attempts allow: the job fails with a message for people, and its scene says why", async () => {
    const copy = path.join(config.dataDir, "big-before-copy.tif");
    gdalTranslate(["-outsize", "3000", "3000", "-r", "bilinear", path.join(IMAGERY, "L7_ETMs.tif"), copy]);
    const { scene, job } = await acceptSceneUpload({ staged: await stageLocalFile(copy), siteId, actor: analyst, metadata: { ...meta, acquiredAt: "2004-01-01" } });
    await db.job.update({ where: { id: job!.id }, data: { maxAttempts: 1 } });

    const first = await worker();
    await until("the conversion to be under way", jobRow(job!.id), runningWithProgress, ended);
    first.child.kill("SIGKILL");
    await first.exited;
    await worker();
    const done = await waitForJob({ jobId: job!.id });
    expect(done).toMatchObject({ status: "FAILED", attempts: 1, error: gaveUpMessage(1) });
    // The worker that gave the job up puts its scene right a moment later.
    const failed = await until(
      "the scene to say why",
      () => db.scene.findUniqueOrThrow({ where: { id: scene.id } }),
      (s) => s.status !== "PROCESSING",
    );
    expect(failed).toMatchObject({ status: "FAILED", statusMessage: gaveUpMessage(1) });
    // Nothing of it in the store; the upload waits in the staging area for a retry.
    expect(storeFiles()).toEqual(await referencedFiles());
    expect(listDir(".staging")).toEqual([`${scene.sha256}.tif`]);

    // Retried, it converts.
    expect(await retryJob({ jobId: job!.id, user: analyst })).toMatchObject({ status: "QUEUED", attempts: 0 });
    expect((await db.scene.findUniqueOrThrow({ where: { id: scene.id } })).status).toBe("PROCESSING");
    expect(await waitForJob({ jobId: job!.id })).toMatchObject({ status: "SUCCEEDED" });
    expect((await db.scene.findUniqueOrThrow({ where: { id: scene.id } })).status).toBe("READY");
    expect(listDir(".staging")).toEqual([]);
  });
});

describe("stopping and cancelling", () => {
  it("a cancel from the web stops a running detection and leaves the candidates as they were", async () => {
    const before = await db.scene.findFirstOrThrow({ where: { originalFilename: "big-before.tif" } });
    const after = await db.scene.findFirstOrThrow({ where: { originalFilename: "big-after.tif" } });
    const pair = { beforeSceneId: before.id, afterSceneId: after.id };
    const candidatesBefore = await db.changeCandidate.findMany({ where: { siteId }, orderBy: { id: "asc" } });
    expect(candidatesBefore.length).toBeGreaterThan(0);

    await worker();
    const job = await startDetection({ siteId, input: pair, actor: analyst });
    await until("the detection to be under way", jobRow(job.id), runningWithProgress, ended);
    const asked = Date.now();
    expect(await cancelJob({ jobId: job.id, user: analyst })).toMatchObject({ status: "RUNNING", cancelRequested: true, message: "cancelling" });
    const done = await waitForJob({ jobId: job.id });
    console.log(`cancel: the worker stopped the detection ${Date.now() - asked} ms after the request`);
    expect(done.status).toBe("CANCELLED");
    expect(await db.changeCandidate.findMany({ where: { siteId }, orderBy: { id: "asc" } })).toEqual(candidatesBefore);
    expect(listDir(".tmp")).toEqual([]);
  });

  it("SIGTERM: the worker gives its running job back to the queue, exits 0, and the next worker runs it", async () => {
    const copy = path.join(config.dataDir, "big-before-sigterm.tif");
    gdalTranslate(["-outsize", "3050", "3050", "-r", "bilinear", path.join(IMAGERY, "L7_ETMs.tif"), copy]);
    const first = await worker({ env: { SITEWATCH_WORKER_GRACE_MS: "100" } });
    const { scene, job } = await acceptSceneUpload({ staged: await stageLocalFile(copy), siteId, actor: analyst, metadata: { ...meta, acquiredAt: "2005-01-01" } });
    await until("the conversion to be under way", jobRow(job!.id), runningWithProgress, ended);
    first.child.kill("SIGTERM");
    expect(await waitForExit(first)).toBe(0);
    expect(await db.job.findUniqueOrThrow({ where: { id: job!.id } })).toMatchObject({ status: "QUEUED", attempts: 0, leaseOwner: null });
    expect(listDir(".tmp")).toEqual([]);

    await worker();
    expect(await waitForJob({ jobId: job!.id })).toMatchObject({ status: "SUCCEEDED", attempts: 1 });
    expect((await db.scene.findUniqueOrThrow({ where: { id: scene.id } })).status).toBe("READY");
  });
});

describe("workers report themselves", () => {
  it("so a queued job says when no worker is running, and the jobs page lists those that are", async () => {
    const queue = getJobQueue();
    const job = await queue.enqueue({ input: { kind: "not-run-by-anyone", payload: {}, createdById: analyst.id } });
    expect(await getJobForUser({ id: job.id, user: analyst })).toMatchObject({ status: "QUEUED", workersOnline: 0 });
    const w = await worker({ concurrency: 2 });
    await until(
      "the worker to report itself",
      () => listLiveWorkers(),
      (list) => list.length === 1,
    );
    expect((await listJobs()).workers).toEqual([expect.objectContaining({ id: `${os.hostname()}:${w.pid}`, concurrency: 2, running: 0 })]);
    expect(await getJobForUser({ id: job.id, user: analyst })).toMatchObject({ workersOnline: 1 });
    await stopWorker(w);
    expect(await listLiveWorkers()).toEqual([]);
    await queue.requestCancel({ jobId: job.id });
  });
});

describe("a job whose input has gone", () => {
  it("fails with a message, and the worker goes on with the next job", async () => {
    const queue = getJobQueue();
    const convert = await queue.enqueue({ input: { kind: "convert-scene", payload: { sceneId: "deleted-scene" }, createdById: analyst.id } });
    const detect = await queue.enqueue({
      input: { kind: "detect", payload: { siteId, beforeSceneId: "deleted-scene", afterSceneId: "another-deleted-scene", sensitivity: 0.5 }, createdById: analyst.id },
    });
    const garbled = await queue.enqueue({ input: { kind: "detect", payload: { nonsense: true }, createdById: analyst.id } });
    const w = await worker();
    expect(await waitForJob({ jobId: convert.id })).toMatchObject({ status: "FAILED", error: "the scene was deleted before it could be converted" });
    expect(await waitForJob({ jobId: detect.id })).toMatchObject({
      status: "FAILED",
      error: "the scenes of this detection can no longer be compared: the before and after scenes must both be scenes of this site",
    });
    expect((await waitForJob({ jobId: garbled.id })).error).toMatch(/^the job's input is not valid/);

    // Still at work.
    const copy = path.join(config.dataDir, "small-after-failures.tif");
    gdalTranslate(["-outsize", "300", "300", path.join(IMAGERY, "L7_ETMs.tif"), copy]);
    const { job } = await acceptSceneUpload({ staged: await stageLocalFile(copy), siteId, actor: analyst, metadata: { ...meta, acquiredAt: "2006-01-01" } });
    expect((await waitForJob({ jobId: job!.id })).status).toBe("SUCCEEDED");
    expect(w.child.exitCode).toBeNull();
  });
});
