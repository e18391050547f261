// The job queue's rules, on a real database (whichever queue the database
// has: the Job row on SQLite, pg-boss on PostgreSQL): a claim takes each job
// once; a job queued in a transaction exists with it or not at all; a worker
// that lost its lease cannot write the job's end; an expired lease puts the job
// back, cancels it if someone asked, or fails it in words once its attempts are
// spent; whatever puts a job back in the queue makes it claimable again.
import { spawnSync, spawn } from "node:child_process";
import os from "node:os";
import { beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/lib/auth/session.server";
import { db } from "@/lib/db.server";
import { goneLeaseOwners } from "@/lib/jobs/gone-lease-owners.server";
import { getJobQueue } from "@/lib/jobs/get-job-queue.server";
import { gaveUpMessage } from "@/lib/jobs/sqlite-job-queue.server";
import { createUser } from "../factories";

const queue = getJobQueue();
let user: SessionUser;
const LEASE = 60_000;

beforeAll(async () => {
  user = await createUser("ANALYST");
});

async function enqueue(payload: unknown = {}) {
  return queue.enqueue({ input: { kind: "probe", payload, createdById: user.id } });
}

async function expire(jobId: string) {
  await db.job.update({ where: { id: jobId }, data: { leaseUntil: new Date(Date.now() - 1000) } });
}

describe("claiming", () => {
  it("gives each queued job to one claimer, oldest first, even when claims race", async () => {
    await db.job.deleteMany({ where: { kind: "probe" } });
    const jobs = [await enqueue(), await enqueue(), await enqueue()];
    const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => queue.claim({ workerId: `w${i}`, leaseMs: LEASE, kinds: ["probe"] })));
    const claimed = claims.filter((c) => c !== null);
    expect(claimed.map((c) => c!.id).sort()).toEqual(jobs.map((j) => j.id).sort());
    for (const c of claimed) expect(c).toMatchObject({ status: "RUNNING", attempts: 1 });
    expect(await queue.claim({ workerId: "late", leaseMs: LEASE, kinds: ["probe"] })).toBeNull();
  });

  it("refuses a second active job with the same key, naming the first, and takes it again once the first ended", async () => {
    const first = await queue.enqueue({ input: { kind: "probe", payload: {}, createdById: user.id, uniqueKey: "probe:pair" } });
    await expect(queue.enqueue({ input: { kind: "probe", payload: {}, createdById: user.id, uniqueKey: "probe:pair" } })).rejects.toMatchObject({
      code: "conflict",
      details: { jobId: first.id },
    });
    await queue.requestCancel({ jobId: first.id });
    await expect(queue.enqueue({ input: { kind: "probe", payload: {}, createdById: user.id, uniqueKey: "probe:pair" } })).resolves.toMatchObject({ status: "QUEUED" });
  });

  it("of racing enqueues with one key (the 'already running' rule), exactly one is queued and every other is refused naming it", async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => queue.enqueue({ input: { kind: "probe", payload: {}, createdById: user.id, uniqueKey: "probe:race" } })),
    );
    const won = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    expect(won).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "conflict", details: { jobId: won[0]!.id } });
    await queue.requestCancel({ jobId: won[0]!.id });
  });

  it("a job queued in a transaction that rolls back never exists and is never claimed; one that commits is", async () => {
    await db.job.deleteMany({ where: { kind: "probe" } });
    let rolledBack = "";
    await expect(
      db.$transaction(async (tx) => {
        rolledBack = (await queue.enqueue({ input: { kind: "probe", payload: {}, createdById: user.id }, tx })).id;
        throw new Error("the caller's other rows failed");
      }),
    ).rejects.toThrow("the caller's other rows failed");
    expect(await db.job.findUnique({ where: { id: rolledBack } })).toBeNull();
    expect(await queue.claim({ workerId: "w", leaseMs: LEASE, kinds: ["probe"] })).toBeNull();

    const committed = await db.$transaction((tx) => queue.enqueue({ input: { kind: "probe", payload: {}, createdById: user.id }, tx }));
    expect(await queue.claim({ workerId: "w", leaseMs: LEASE, kinds: ["probe"] })).toMatchObject({ id: committed.id, status: "RUNNING" });
  });

  it("a job claimed by its id, or cancelled while queued, is not handed out again; given back or retried, it is, once", async () => {
    await db.job.deleteMany({ where: { kind: "probe" } });
    const [byId, cancelled] = [await enqueue(), await enqueue()];
    expect(await queue.claim({ workerId: "here", leaseMs: LEASE, jobId: byId.id })).toMatchObject({ id: byId.id, leaseOwner: "here" });
    expect(await queue.requestCancel({ jobId: cancelled.id })).toMatchObject({ status: "CANCELLED" });
    expect(await queue.claim({ workerId: "w", leaseMs: LEASE, kinds: ["probe"] })).toBeNull();

    expect(await queue.release({ jobId: byId.id, workerId: "here" })).toBe(true);
    expect(await queue.claim({ workerId: "w", leaseMs: LEASE, kinds: ["probe"] })).toMatchObject({ id: byId.id, leaseOwner: "w", attempts: 1 });
    expect(await queue.claim({ workerId: "w2", leaseMs: LEASE, kinds: ["probe"] })).toBeNull();

    expect(await queue.retry({ jobId: cancelled.id })).toMatchObject({ status: "QUEUED", attempts: 0 });
    expect(await queue.claim({ workerId: "w", leaseMs: LEASE, kinds: ["probe"] })).toMatchObject({ id: cancelled.id, leaseOwner: "w" });
    expect(await queue.claim({ workerId: "w2", leaseMs: LEASE, kinds: ["probe"] })).toBeNull();
  });

  it("takes only the kinds the claimer names", async () => {
    await db.job.deleteMany({ where: { kind: { in: ["probe", "probe-other"] } } });
    const other = await queue.enqueue({ input: { kind: "probe-other", payload: {}, createdById: user.id } });
    expect(await queue.claim({ workerId: "w", leaseMs: LEASE, kinds: ["probe"] })).toBeNull();
    expect(await queue.claim({ workerId: "w", leaseMs: LEASE, kinds: ["probe", "probe-other"] })).toMatchObject({ id: other.id });
  });
});

describe("a lease", () => {
  it("once lost, the worker's renewal, end and release change nothing", async () => {
    await db.job.deleteMany({ where: { kind: "probe" } });
    const job = await enqueue();
    await queue.claim({ workerId: "slow", leaseMs: LEASE, jobId: job.id });
    await expire(job.id);
    await queue.reclaimExpired();
    const taken = await queue.claim({ workerId: "next", leaseMs: LEASE, jobId: job.id });
    expect(taken).toMatchObject({ leaseOwner: "next", attempts: 2 });
    expect(await queue.renew({ jobId: job.id, workerId: "slow", leaseMs: LEASE, progress: 0.9, message: "late" })).toEqual({ held: false, cancelRequested: false });
    expect(await queue.complete({ jobId: job.id, workerId: "slow", result: {}, message: "done" })).toBe(false);
    expect(await queue.release({ jobId: job.id, workerId: "slow" })).toBe(false);
    expect(await db.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "RUNNING", leaseOwner: "next", progress: 0 });
    expect(await queue.complete({ jobId: job.id, workerId: "next", result: { ok: 1 }, message: "done" })).toBe(true);
  });

  it("expired: back in the queue while attempts remain, failed in words after, cancelled if someone asked", async () => {
    await db.job.deleteMany({ where: { kind: "probe" } });
    const retried = await enqueue();
    const spent = await queue.enqueue({ input: { kind: "probe", payload: {}, createdById: user.id, maxAttempts: 1 } });
    const cancelled = await enqueue();
    for (const j of [retried, spent, cancelled]) await queue.claim({ workerId: "dead", leaseMs: LEASE, jobId: j.id });
    await queue.requestCancel({ jobId: cancelled.id });
    for (const j of [retried, spent, cancelled]) await expire(j.id);

    const ended = await queue.reclaimExpired();
    expect(ended.map((j) => [j.id, j.status]).sort()).toEqual(
      [
        [spent.id, "FAILED"],
        [cancelled.id, "CANCELLED"],
      ].sort(),
    );
    expect(await db.job.findUniqueOrThrow({ where: { id: retried.id } })).toMatchObject({ status: "QUEUED", attempts: 1, leaseOwner: null });
    expect(await db.job.findUniqueOrThrow({ where: { id: spent.id } })).toMatchObject({ status: "FAILED", error: gaveUpMessage(1) });
    expect(await queue.claim({ workerId: "next", leaseMs: LEASE, kinds: ["probe"] })).toMatchObject({ id: retried.id, attempts: 2 });
    expect(await queue.claim({ workerId: "next", leaseMs: LEASE, kinds: ["probe"] })).toBeNull();
    expect(gaveUpMessage(3)).toMatch(/^the worker running this job stopped 3 times before it finished/);
  });

  it("a worker stopping gives its job back without counting the attempt", async () => {
    const job = await enqueue();
    await queue.claim({ workerId: "stopping", leaseMs: LEASE, jobId: job.id });
    expect(await queue.release({ jobId: job.id, workerId: "stopping" })).toBe(true);
    expect(await db.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "QUEUED", attempts: 0, leaseOwner: null });
  });
});

describe("a worker of this host that is gone", () => {
  it("gives its jobs back at once, before its lease ends; a live worker and one of another host keep theirs", async () => {
    await db.job.deleteMany({ where: { kind: "probe" } });
    const deadPid = spawnSync(process.execPath, ["-e", "0"]).pid!;
    const alive = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
    try {
      const owners = { dead: `${os.hostname()}:${deadPid}`, alive: `${os.hostname()}:${alive.pid}`, elsewhere: `another-host:${deadPid}` };
      const jobs = { dead: await enqueue(), alive: await enqueue(), elsewhere: await enqueue() };
      for (const k of ["dead", "alive", "elsewhere"] as const) await queue.claim({ workerId: owners[k], leaseMs: LEASE, jobId: jobs[k].id });

      const gone = await goneLeaseOwners();
      expect(gone).toEqual([owners.dead]);
      await queue.reclaimExpired({ goneOwners: gone });
      expect(await db.job.findUniqueOrThrow({ where: { id: jobs.dead.id } })).toMatchObject({ status: "QUEUED", leaseOwner: null, message: "queued again: its worker stopped" });
      for (const k of ["alive", "elsewhere"] as const)
        expect(await db.job.findUniqueOrThrow({ where: { id: jobs[k].id } })).toMatchObject({ status: "RUNNING", leaseOwner: owners[k] });
    } finally {
      alive.kill();
    }
  });
});
