// The job queue's one interface. The web process enqueues, reads and cancels;
// workers claim, renew, and end jobs. The embedded default is
// sqlite-job-queue.server.ts (a claim is a conditional update of the Job row);
// a PostgreSQL deployment puts a maintained Postgres queue behind the same
// interface (docs/decisions/0009-durable-job-queue.md). Pure types.
import type { Job } from "@prisma/client";
import type { Tx } from "../db.server";

export interface EnqueueJobInput {
  kind: string;
  payload: unknown;
  createdById: string | null;
  /** At most one active job per key (one detection per pair); a second enqueue is refused with a conflict naming the first. */
  uniqueKey?: string;
  /** The id the caller chose (a UUID), so a browser can follow the job from its first moment. */
  id?: string;
  maxAttempts?: number;
}

export interface JobRenewal {
  /** False when this worker no longer holds the job (its lease expired and another worker took it, or it ended). */
  held: boolean;
  cancelRequested: boolean;
}

export interface JobQueue {
  /** Adds a QUEUED job; inside `tx` when the job must exist exactly when the caller's rows do. */
  enqueue(args: { input: EnqueueJobInput; tx?: Tx }): Promise<Job>;
  /** Takes the oldest QUEUED job (or the one named) for `workerId` until now + leaseMs; null when there is none. Two workers never take the same job. */
  claim(args: { workerId: string; leaseMs: number; kinds?: readonly string[]; jobId?: string }): Promise<Job | null>;
  /** Extends the lease and records progress; tells whether the worker still holds the job and whether someone asked to cancel it. */
  renew(args: { jobId: string; workerId: string; leaseMs: number; progress: number; message: string }): Promise<JobRenewal>;
  /** The ends a worker reports. Each is a no-op (false) when the worker no longer holds the job. */
  complete(args: { jobId: string; workerId: string; result: unknown; message: string }): Promise<boolean>;
  fail(args: { jobId: string; workerId: string; error: string }): Promise<boolean>;
  cancelled(args: { jobId: string; workerId: string }): Promise<boolean>;
  /** Gives a job back unfinished (the worker is stopping): QUEUED again, the attempt not counted. */
  release(args: { jobId: string; workerId: string }): Promise<boolean>;
  /** QUEUED → CANCELLED at once; RUNNING → the flag its worker sees at its next renewal. Returns the row after. */
  requestCancel(args: { jobId: string }): Promise<Job>;
  /** FAILED or CANCELLED → QUEUED again with fresh attempts. */
  retry(args: { jobId: string; uniqueKey?: string }): Promise<Job>;
  /**
   * RUNNING jobs whose lease expired (their worker died): CANCELLED if someone
   * asked, else QUEUED again while attempts remain, else FAILED with a message
   * for people. Returns the jobs it ended (for their kinds to settle).
   * `goneOwners`: workers known to be dead (a process of this host that no
   * longer exists); their jobs are taken back at once, not when the lease ends.
   */
  reclaimExpired(args?: { goneOwners?: string[] }): Promise<Job[]>;
}
