// Running one job this process has claimed: the kind's work, a heartbeat that
// renews the lease, writes progress and watches for a cancel request, and the
// end written to the queue (only while this process still holds the job).
import type { Job } from "@prisma/client";
import { ImageryError } from "@/imagery/imagery-error";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { jobConfig } from "./job-config.server";
import type { JobAbortReason } from "./job-kind";
import type { JobQueue } from "./job-queue";
import type { JobKinds } from "./job-kinds.server";
import { settleJob } from "./settle-job.server";

export type RunEnd = "SUCCEEDED" | "FAILED" | "CANCELLED" | "RELEASED" | "LOST";

function messageFor(e: unknown, kind: string): string {
  if (e instanceof ImageryError || e instanceof DomainError) return e.message;
  console.error(`job ${kind} failed`, e);
  return `${kind} failed unexpectedly: ${(e as Error)?.message ?? String(e)}`;
}

export async function runClaimedJob(args: {
  queue: JobQueue;
  job: Job;
  workerId: string;
  kinds: JobKinds;
  /** Aborts the job so it is given back to the queue (the worker is stopping). */
  shutdown?: AbortSignal;
  onProgress?: (fraction: number, message: string) => void;
}): Promise<RunEnd> {
  const { queue, job, workerId, kinds } = args;
  const ids = { jobId: job.id, workerId };
  const kind = kinds[job.kind];
  if (!kind) {
    await queue.fail({ ...ids, error: `no worker here knows jobs of kind "${job.kind}"` });
    return "FAILED";
  }
  let payload: never;
  try {
    payload = kind.payload.parse(JSON.parse(job.payload));
  } catch (e) {
    await queue.fail({ ...ids, error: `the job's input is not valid: ${(e as Error).message}` });
    return "FAILED";
  }

  const controller = new AbortController();
  const abort = (reason: JobAbortReason) => {
    if (!controller.signal.aborted) controller.abort(reason);
  };
  const onShutdown = () => abort("shutdown");
  args.shutdown?.addEventListener("abort", onShutdown, { once: true });
  if (args.shutdown?.aborted) abort("shutdown");

  let latest = { fraction: 0, message: job.message };
  let renewing = false;
  const heartbeat = setInterval(() => {
    if (renewing) return;
    renewing = true;
    queue
      .renew({ ...ids, leaseMs: jobConfig.leaseMs, progress: latest.fraction, message: latest.message })
      .then((r) => {
        if (!r.held) abort("lost");
        else if (r.cancelRequested) abort("cancel");
      })
      .catch((e: unknown) => console.error(`renewing the lease of job ${job.id} failed`, e))
      .finally(() => (renewing = false));
  }, jobConfig.heartbeatMs);

  const settle = async (): Promise<void> => {
    const row = await db.job.findUnique({ where: { id: job.id } });
    if (row) await settleJob({ job: row, kinds });
  };

  try {
    const outcome = await kind.run({
      job,
      payload,
      signal: controller.signal,
      progress: (fraction, message) => {
        latest = { fraction, message };
        args.onProgress?.(fraction, message);
      },
    });
    if (!controller.signal.aborted) {
      return (await queue.complete({ ...ids, result: outcome.result, message: outcome.message })) ? "SUCCEEDED" : "LOST";
    }
    throw controller.signal.reason;
  } catch (e) {
    const reason = controller.signal.aborted ? (controller.signal.reason as JobAbortReason) : null;
    if (reason === "lost") return "LOST";
    if (reason === "shutdown") return (await queue.release(ids)) ? "RELEASED" : "LOST";
    if (reason === "cancel") {
      if (!(await queue.cancelled(ids))) return "LOST";
      await settle();
      return "CANCELLED";
    }
    if (!(await queue.fail({ ...ids, error: messageFor(e, job.kind) }))) return "LOST";
    await settle();
    return "FAILED";
  } finally {
    clearInterval(heartbeat);
    args.shutdown?.removeEventListener("abort", onShutdown);
  }
}
