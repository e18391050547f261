// The job queue on the embedded SQLite database: the Job row is the queue. A
// claim is a conditional update (`WHERE id = ? AND status = 'QUEUED'`), which
// SQLite applies one writer at a time, so two workers never take the same job;
// every later write by a worker names its lease (`leaseOwner = me`), so a
// worker that lost its lease cannot overwrite what the next one does.
import type { Job, Prisma } from "@prisma/client";
import { db, type Tx } from "../db.server";
import { DomainError } from "../errors";
import type { EnqueueJobInput, JobQueue, JobRenewal } from "./job-queue";

const DEFAULT_MAX_ATTEMPTS = Number(process.env.SITEWATCH_JOB_MAX_ATTEMPTS ?? 3);

function held(jobId: string, workerId: string): Prisma.JobWhereInput {
  return { id: jobId, status: "RUNNING", leaseOwner: workerId };
}

const ENDED = { leaseOwner: null, leaseUntil: null, uniqueKey: null } as const;

export function gaveUpMessage(attempts: number): string {
  return `the worker running this job stopped ${attempts} time${attempts === 1 ? "" : "s"} before it finished (it may have run out of memory or been restarted); retry it, and if it stops again, ask an admin to look at the worker's log`;
}

/** The Job row of a new QUEUED job (both queues' enqueue). */
export function newJobRow({ input, id }: { input: EnqueueJobInput; id: string | undefined }): Prisma.JobUncheckedCreateInput {
  return {
    id,
    kind: input.kind,
    status: "QUEUED",
    message: "queued",
    payload: JSON.stringify(input.payload ?? {}),
    createdById: input.createdById,
    uniqueKey: input.uniqueKey ?? null,
    maxAttempts: input.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
  };
}

/** A failed or cancelled job QUEUED again with fresh attempts, read back inside `tx` (both queues' retry). */
export async function queueAgain({ tx, jobId, uniqueKey }: { tx: Tx; jobId: string; uniqueKey?: string }): Promise<Job> {
  const { count } = await tx.job.updateMany({
    where: { id: jobId, status: { in: ["FAILED", "CANCELLED"] } },
    data: {
      status: "QUEUED",
      attempts: 0,
      progress: 0,
      message: "queued again",
      error: null,
      result: null,
      cancelRequested: false,
      finishedAt: null,
      startedAt: null,
      uniqueKey: uniqueKey ?? null,
    },
  });
  if (count === 0) throw new DomainError("conflict", "only a failed or cancelled job can be retried");
  return (await tx.job.findUnique({ where: { id: jobId } }))!;
}

export class SqliteJobQueue implements JobQueue {
  async enqueue({ input, tx }: { input: EnqueueJobInput; tx?: Parameters<JobQueue["enqueue"]>[0]["tx"] }): Promise<Job> {
    const client = tx ?? db;
    try {
      return await client.job.create({
        data: newJobRow({ input, id: input.id }),
      });
    } catch (e) {
      if ((e as { code?: string }).code !== "P2002") throw e;
      const other = input.uniqueKey ? await client.job.findUnique({ where: { uniqueKey: input.uniqueKey } }) : null;
      if (other) throw new DomainError("conflict", "this work is already queued or running; wait for it or cancel it", { details: { jobId: other.id } });
      throw new DomainError("conflict", "a job with this id already exists");
    }
  }

  async claim({ workerId, leaseMs, kinds, jobId }: { workerId: string; leaseMs: number; kinds?: readonly string[]; jobId?: string }): Promise<Job | null> {
    // A few tries: another worker may take the candidate between the read and the update.
    for (let i = 0; i < 5; i++) {
      const candidate = await db.job.findFirst({
        where: { status: "QUEUED", ...(jobId ? { id: jobId } : {}), ...(kinds ? { kind: { in: [...kinds] } } : {}) },
        orderBy: { createdAt: "asc" },
        select: { id: true, attempts: true },
      });
      if (!candidate) return null;
      const now = new Date();
      const { count } = await db.job.updateMany({
        where: { id: candidate.id, status: "QUEUED" },
        data: {
          status: "RUNNING",
          attempts: { increment: 1 },
          leaseOwner: workerId,
          leaseUntil: new Date(now.getTime() + leaseMs),
          startedAt: now,
          message: candidate.attempts > 0 ? "started again after an interrupted attempt" : "starting",
        },
      });
      if (count === 1) return db.job.findUnique({ where: { id: candidate.id } });
      if (jobId) return null;
    }
    return null;
  }

  async renew({ jobId, workerId, leaseMs, progress, message }: { jobId: string; workerId: string; leaseMs: number; progress: number; message: string }): Promise<JobRenewal> {
    const { count } = await db.job.updateMany({
      where: held(jobId, workerId),
      data: { leaseUntil: new Date(Date.now() + leaseMs), progress: Math.min(1, Math.max(0, progress)), message },
    });
    if (count === 0) return { held: false, cancelRequested: false };
    const row = await db.job.findUnique({ where: { id: jobId }, select: { cancelRequested: true } });
    return { held: true, cancelRequested: row?.cancelRequested ?? false };
  }

  private async end(jobId: string, workerId: string, data: Prisma.JobUpdateManyMutationInput): Promise<boolean> {
    const { count } = await db.job.updateMany({ where: held(jobId, workerId), data: { ...ENDED, finishedAt: new Date(), ...data } });
    return count === 1;
  }

  complete({ jobId, workerId, result, message }: { jobId: string; workerId: string; result: unknown; message: string }): Promise<boolean> {
    return this.end(jobId, workerId, { status: "SUCCEEDED", progress: 1, message, result: JSON.stringify(result) });
  }

  fail({ jobId, workerId, error }: { jobId: string; workerId: string; error: string }): Promise<boolean> {
    return this.end(jobId, workerId, { status: "FAILED", message: "failed", error });
  }

  cancelled({ jobId, workerId }: { jobId: string; workerId: string }): Promise<boolean> {
    return this.end(jobId, workerId, { status: "CANCELLED", message: "cancelled" });
  }

  async release({ jobId, workerId }: { jobId: string; workerId: string }): Promise<boolean> {
    const { count } = await db.job.updateMany({
      where: held(jobId, workerId),
      data: { status: "QUEUED", attempts: { decrement: 1 }, leaseOwner: null, leaseUntil: null, message: "queued again (its worker stopped)" },
    });
    return count === 1;
  }

  async requestCancel({ jobId }: { jobId: string }): Promise<Job> {
    const now = new Date();
    const queued = await db.job.updateMany({
      where: { id: jobId, status: "QUEUED" },
      data: { ...ENDED, status: "CANCELLED", cancelRequested: true, message: "cancelled", finishedAt: now },
    });
    if (queued.count === 0) await db.job.updateMany({ where: { id: jobId, status: "RUNNING" }, data: { cancelRequested: true, message: "cancelling" } });
    return (await db.job.findUnique({ where: { id: jobId } }))!;
  }

  async retry({ jobId, uniqueKey }: { jobId: string; uniqueKey?: string }): Promise<Job> {
    try {
      // The row is read back in the same transaction: a worker may claim it the
      // moment the transaction ends, and the caller is told it was queued again.
      return await db.$transaction((tx) => queueAgain({ tx, jobId, uniqueKey }));
    } catch (e) {
      if ((e as { code?: string }).code === "P2002") throw new DomainError("conflict", "the same work is already queued or running");
      throw e;
    }
  }

  async reclaimExpired(args: { goneOwners?: string[] } = {}): Promise<Job[]> {
    const now = new Date();
    const gone = args.goneOwners ?? [];
    const expired = { status: "RUNNING" as const, OR: [{ leaseUntil: { lt: now } }, ...(gone.length ? [{ leaseOwner: { in: gone } }] : [])] };
    // Someone asked to cancel it while its worker was dying: it is not run again.
    const ended: Job[] = [];
    const end = async (job: Job, data: Prisma.JobUpdateManyMutationInput) => {
      const { count } = await db.job.updateMany({ where: { id: job.id, ...expired }, data: { ...ENDED, finishedAt: now, ...data } });
      if (count === 1) ended.push((await db.job.findUnique({ where: { id: job.id } }))!);
    };
    for (const job of await db.job.findMany({ where: { ...expired, cancelRequested: true } })) await end(job, { status: "CANCELLED", message: "cancelled" });
    await db.job.updateMany({
      where: { ...expired, attempts: { lt: db.job.fields.maxAttempts } },
      data: { status: "QUEUED", leaseOwner: null, leaseUntil: null, message: "queued again: its worker stopped" },
    });
    for (const job of await db.job.findMany({ where: expired })) await end(job, { status: "FAILED", message: "failed", error: gaveUpMessage(job.attempts) });
    return ended;
  }
}
