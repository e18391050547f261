// What a kind of job is: how to read its payload, how to run it in a worker,
// and what to put right when it ends without success. Pure types.
import type { Job } from "@prisma/client";
import type { z } from "zod";

/** Why a running job's signal aborted: someone cancelled it, its worker is stopping, or the worker lost its lease (another worker has the job now). */
export type JobAbortReason = "cancel" | "shutdown" | "lost";

/**
 * True when another worker has taken the job over: what this run wrote must be
 * left alone (the new run owns the outcome), only its own temp files go.
 */
export function leaseLost(signal: AbortSignal): boolean {
  return signal.aborted && (signal.reason as JobAbortReason) === "lost";
}

export interface JobRunContext<P> {
  job: Job;
  payload: P;
  /** Aborts when someone cancels the job, its worker stops, or the worker lost the job's lease. */
  signal: AbortSignal;
  /** 0..1 and what is happening, for people; written to the row with the next heartbeat. */
  progress(fraction: number, message: string): void;
}

export interface JobOutcome {
  /** Stored as JSON; what GET /api/jobs/:id reports as `result`. */
  result: unknown;
  /** The last word for people ("5 candidates", "ready"). */
  message: string;
}

export interface JobKind<P = unknown> {
  kind: string;
  payload: z.ZodType<P>;
  run(ctx: JobRunContext<P>): Promise<JobOutcome>;
  /**
   * Work nobody waits for (drawing a release's tiles before readers ask): each
   * worker runs one such job at a time in a slot of its own, beside its
   * `concurrency` slots, so it never holds up a conversion or a detection.
   */
  background?: boolean;
  /** At most one active job per key (one detection per pair of scenes). */
  uniqueKey?(payload: P): string;
  /**
   * Called once, by whichever process ends the job, when it ends without
   * success: failed, cancelled (while queued or running), or given up after its
   * workers died. The job row given is the ended one (its `error` says why).
   */
  settle?(args: { job: Job; payload: P }): Promise<void>;
  /**
   * Run by workers from time to time: puts right rows whose job ended without
   * `settle` having run (the process that ended it died in between).
   */
  reconcile?(): Promise<void>;
  /** Before a failed or cancelled job is queued again: refuse (throw) or put its rows back in a waiting state. */
  beforeRetry?(args: { job: Job; payload: P }): Promise<void>;
}

export function defineJobKind<P>(kind: JobKind<P>): JobKind<P> {
  return kind;
}
