// The job queue on PostgreSQL: pg-boss delivers the work, the Job row stays
// the record (docs/decisions/0012-postgres-job-queue.md). While a job is
// QUEUED it has one pg-boss job, its token (queue `sitewatch-<kind>`, id derived
// from the Job's id), written in the same transaction as the row. A worker
// claims by fetching a token (pg-boss: FOR UPDATE SKIP LOCKED) and moving the
// row to RUNNING under its lease in one transaction, and completes the token
// there: a worker that dies half-way leaves both as they were. From then on the
// lease on the row carries the job (neither pg-boss nor graphile-worker has a
// lease a heartbeat can renew), so renew and the ends are the row's conditional
// updates, shared with the embedded queue. Whatever puts the row back in the
// queue (release, retry, an expired lease) sends a new token with it.
import { createHash, randomUUID } from "node:crypto";
import type { Job, Prisma } from "@prisma/client";
import PgBoss from "pg-boss";
import { config } from "../config.server";
import { db, type Tx } from "../db.server";
import { DomainError } from "../errors";
import type { EnqueueJobInput, JobQueue, JobRenewal } from "./job-queue";
import { gaveUpMessage, newJobRow, queueAgain, SqliteJobQueue } from "./sqlite-job-queue.server";

const QUEUE_PREFIX = "sitewatch-";
/** pg-boss's own upkeep (archive and drop old tokens), run by workers from reclaimExpired. */
const MAINTAIN_EVERY_MS = 120_000;
const ENDED = { leaseOwner: null, leaseUntil: null, uniqueKey: null } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Client = Tx | typeof db;

const queueOf = (kind: string) => `${QUEUE_PREFIX}${kind}`;

/** The token's id: the Job's own id when it is a UUID (enqueueJob's are), else a UUID made from it. */
function tokenIdOf(jobId: string): string {
  if (UUID.test(jobId)) return jobId.toLowerCase();
  const h = createHash("sha256").update(jobId).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** pg-boss's statements run on the caller's Prisma client or transaction (its `db` option). */
function on(client: Client): { db: PgBoss.Db } {
  return { db: { executeSql: async (text: string, values: unknown[] = []) => ({ rows: await client.$queryRawUnsafe<unknown[]>(text, ...values) }) } };
}

let started: Promise<PgBoss> | null = null;
const queuesMade = new Set<string>();

/** This process's pg-boss: installs or upgrades its schema (`pgboss`) on first use, under its own lock. */
function boss(): Promise<PgBoss> {
  started ??= (async () => {
    const b = new PgBoss({
      connectionString: config.databaseUrl,
      application_name: "sitewatch-queue",
      // Its own pool serves only the start and the upkeep: every other statement runs on Prisma's connections.
      max: 2,
      // No timers in web servers or the command line: workers call maintain() themselves.
      supervise: false,
      schedule: false,
      migrate: true,
      archiveCompletedAfterSeconds: 3600,
      deleteAfterHours: 24,
      // Lets `sitewatch ingest` and other short commands exit while the pool is idle.
      ...({ allowExitOnIdle: true, idleTimeoutMillis: 5_000 } as object),
    });
    // An idle connection of its pool closed by the server (a restart, a dropped test database): one line, and the pool reconnects.
    b.on("error", (e) => console.error(`the job queue (pg-boss): ${e.message}`));
    await b.start();
    return b;
  })().catch((e: unknown) => {
    started = null;
    throw e;
  });
  return started;
}

/** Installs or upgrades pg-boss's schema now, so a start-up check can report a refused CREATE in one line instead of the first enqueue failing. */
export async function preparePostgresJobQueue(): Promise<void> {
  await boss();
}

async function ensureQueue(kind: string): Promise<PgBoss> {
  const b = await boss();
  const name = queueOf(kind);
  if (!queuesMade.has(name)) {
    // Made once by whichever process first queues this kind; two racing makers: one wins, the other finds it.
    await b.createQueue(name, { name, retryLimit: 0, expireInSeconds: 23 * 3600 }).catch(async (e: unknown) => {
      if (!(await b.getQueue(name))) throw e;
    });
    queuesMade.add(name);
  }
  return b;
}

/** What a token carries: its job, and whether a claim starts it again (the message says so without reading the row). */
interface Token {
  jobId: string;
  again: boolean;
}

/** The row's token, in the row's transaction: a job queued again first loses its earlier token (a token id is the job's). */
async function deliver(tx: Tx, job: { id: string; kind: string; attempts: number }, { again = true } = {}): Promise<void> {
  const b = await ensureQueue(job.kind);
  const id = tokenIdOf(job.id);
  const token: Token = { jobId: job.id, again: job.attempts > 0 };
  if (again) await b.deleteJob(queueOf(job.kind), id, on(tx));
  const sent = await b.send(queueOf(job.kind), token, { id, retryLimit: 0, expireInSeconds: 23 * 3600, ...on(tx) });
  if (!sent) throw new Error(`the job queue refused the token of job ${job.id}`);
}

async function withdraw(tx: Tx, job: { id: string; kind: string }): Promise<void> {
  await (await boss()).deleteJob(queueOf(job.kind), tokenIdOf(job.id), on(tx));
}

function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: string }).code === "P2002";
}

export class PostgresJobQueue implements JobQueue {
  /** The row's own rules (every write names the lease), the same on both databases. */
  private readonly rows = new SqliteJobQueue();
  private lastMaintain = 0;

  async enqueue({ input, tx }: { input: EnqueueJobInput; tx?: Tx }): Promise<Job> {
    const id = input.id ?? randomUUID();
    await ensureQueue(input.kind);
    const write = async (t: Tx) => {
      const job = await t.job.create({ data: newJobRow({ input, id }) });
      await deliver(t, job, { again: false });
      return job;
    };
    try {
      return tx ? await write(tx) : await db.$transaction(write);
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      // The caller's transaction is spoilt by the violation: the first job is read outside it (it is committed).
      const other = input.uniqueKey ? await db.job.findUnique({ where: { uniqueKey: input.uniqueKey } }) : null;
      if (other) throw new DomainError("conflict", "this work is already queued or running; wait for it or cancel it", { details: { jobId: other.id } });
      throw new DomainError("conflict", "a job with this id already exists");
    }
  }

  async claim({ workerId, leaseMs, kinds, jobId }: { workerId: string; leaseMs: number; kinds?: readonly string[]; jobId?: string }): Promise<Job | null> {
    const b = await boss();
    const take = async (tx: Tx, id: string, again: boolean): Promise<boolean> => {
      const now = new Date();
      const { count } = await tx.job.updateMany({
        where: { id, status: "QUEUED", ...(kinds ? { kind: { in: [...kinds] } } : {}) },
        data: {
          status: "RUNNING",
          attempts: { increment: 1 },
          leaseOwner: workerId,
          leaseUntil: new Date(now.getTime() + leaseMs),
          startedAt: now,
          message: again ? "started again after an interrupted attempt" : "starting",
        },
      });
      return count === 1;
    };

    // An idle worker polls without a transaction (write transactions run one at a time: lib/db/postgres-adapter.ts).
    const names: string[] = [];
    if (!jobId) {
      const all = kinds ? kinds.map(queueOf) : (await b.getQueues()).map((q) => q.name).filter((n) => n.startsWith(QUEUE_PREFIX));
      for (const name of all) if (((await b.getQueueSize(name)) ?? 0) > 0) names.push(name);
      if (!names.length) return null;
    }
    const claimed = await db.$transaction(async (tx) => {
      if (jobId) {
        const row = await tx.job.findUnique({ where: { id: jobId }, select: { id: true, kind: true, attempts: true } });
        if (!row || !(await take(tx, row.id, row.attempts > 0))) return null;
        await withdraw(tx, row);
        return row.id;
      }
      for (const name of names) {
        // A token whose row left the queue another way (cancelled, claimed by its id) is completed and passed over.
        for (let i = 0; i < 5; i++) {
          const [token] = await b.fetch<Token>(name, { batchSize: 1, ...on(tx) });
          if (!token) break;
          const data = (typeof token.data === "string" ? JSON.parse(token.data) : token.data) as Token;
          const took = await take(tx, data.jobId, data.again === true);
          await b.complete(name, token.id, on(tx));
          if (took) return data.jobId;
        }
      }
      return null;
    });
    return claimed ? db.job.findUnique({ where: { id: claimed } }) : null;
  }

  renew(args: { jobId: string; workerId: string; leaseMs: number; progress: number; message: string }): Promise<JobRenewal> {
    return this.rows.renew(args);
  }

  complete(args: { jobId: string; workerId: string; result: unknown; message: string }): Promise<boolean> {
    return this.rows.complete(args);
  }

  fail(args: { jobId: string; workerId: string; error: string }): Promise<boolean> {
    return this.rows.fail(args);
  }

  cancelled(args: { jobId: string; workerId: string }): Promise<boolean> {
    return this.rows.cancelled(args);
  }

  async release({ jobId, workerId }: { jobId: string; workerId: string }): Promise<boolean> {
    return db.$transaction(async (tx) => {
      const { count } = await tx.job.updateMany({
        where: { id: jobId, status: "RUNNING", leaseOwner: workerId },
        data: { status: "QUEUED", attempts: { decrement: 1 }, leaseOwner: null, leaseUntil: null, message: "queued again (its worker stopped)" },
      });
      if (count === 1) await deliver(tx, (await tx.job.findUnique({ where: { id: jobId } }))!);
      return count === 1;
    });
  }

  async requestCancel({ jobId }: { jobId: string }): Promise<Job> {
    await db.$transaction(async (tx) => {
      const queued = await tx.job.updateMany({
        where: { id: jobId, status: "QUEUED" },
        data: { ...ENDED, status: "CANCELLED", cancelRequested: true, message: "cancelled", finishedAt: new Date() },
      });
      if (queued.count === 1) await withdraw(tx, (await tx.job.findUnique({ where: { id: jobId } }))!);
      else await tx.job.updateMany({ where: { id: jobId, status: "RUNNING" }, data: { cancelRequested: true, message: "cancelling" } });
    });
    return (await db.job.findUnique({ where: { id: jobId } }))!;
  }

  async retry({ jobId, uniqueKey }: { jobId: string; uniqueKey?: string }): Promise<Job> {
    try {
      return await db.$transaction(async (tx) => {
        // Read back in the same transaction: a worker may claim it the moment it commits.
        const queued = await queueAgain({ tx, jobId, uniqueKey });
        await deliver(tx, queued);
        return queued;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new DomainError("conflict", "the same work is already queued or running");
      throw e;
    }
  }

  async reclaimExpired(args: { goneOwners?: string[] } = {}): Promise<Job[]> {
    const now = new Date();
    const gone = args.goneOwners ?? [];
    const expired: Prisma.JobWhereInput = { status: "RUNNING", OR: [{ leaseUntil: { lt: now } }, ...(gone.length ? [{ leaseOwner: { in: gone } }] : [])] };
    const ended: Job[] = [];
    for (const job of await db.job.findMany({ where: expired })) {
      // Someone asked to cancel it while its worker was dying: it is not run again.
      const end: Prisma.JobUpdateManyMutationInput | null = job.cancelRequested
        ? { status: "CANCELLED", message: "cancelled" }
        : job.attempts >= job.maxAttempts
          ? { status: "FAILED", message: "failed", error: gaveUpMessage(job.attempts) }
          : null;
      await db.$transaction(async (tx) => {
        const still = { id: job.id, ...expired, leaseOwner: job.leaseOwner };
        if (end) {
          const { count } = await tx.job.updateMany({ where: still, data: { ...ENDED, finishedAt: now, ...end } });
          if (count === 1) ended.push((await tx.job.findUnique({ where: { id: job.id } }))!);
        } else {
          const { count } = await tx.job.updateMany({ where: still, data: { status: "QUEUED", leaseOwner: null, leaseUntil: null, message: "queued again: its worker stopped" } });
          if (count === 1) await deliver(tx, job);
        }
      });
    }
    await this.maintain();
    return ended;
  }

  /** pg-boss's upkeep (archives and drops old tokens), at most every two minutes per process. */
  private async maintain(): Promise<void> {
    if (Date.now() - this.lastMaintain < MAINTAIN_EVERY_MS) return;
    this.lastMaintain = Date.now();
    await (await boss()).maintain();
  }
}
