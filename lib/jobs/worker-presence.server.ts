// Which workers are running: each reports itself every few seconds (its row in
// Worker), and one not seen for three reports is gone. The pages use it to say
// "no worker is running" instead of leaving a job queued without a word.
import { db } from "../db.server";
import type { WorkerView } from "./job-view";

/** How often a worker reports itself. */
export const WORKER_REPORT_MS = 5_000;
const GONE_AFTER_MS = 3 * WORKER_REPORT_MS;

export async function reportWorkerAlive(args: { workerId: string; concurrency: number; running: number }): Promise<void> {
  const [host, pid] = [args.workerId.slice(0, args.workerId.lastIndexOf(":")), Number(args.workerId.slice(args.workerId.lastIndexOf(":") + 1))];
  const now = new Date();
  await db.worker.upsert({
    where: { id: args.workerId },
    create: { id: args.workerId, host, pid, concurrency: args.concurrency, running: args.running, lastSeenAt: now },
    update: { concurrency: args.concurrency, running: args.running, lastSeenAt: now },
  });
}

export async function removeWorker(args: { workerId: string }): Promise<void> {
  await db.worker.deleteMany({ where: { id: args.workerId } });
}

/** Rows of workers gone for a day (killed without a chance to remove their own); a starting worker clears them. */
export async function forgetGoneWorkers(): Promise<void> {
  await db.worker.deleteMany({ where: { lastSeenAt: { lt: new Date(Date.now() - 24 * 3600 * 1000) } } });
}

const seenLately = () => ({ lastSeenAt: { gte: new Date(Date.now() - GONE_AFTER_MS) } });

/** How many workers are running: read on every poll of a queued job, so one count and no write. */
export function countLiveWorkers(): Promise<number> {
  return db.worker.count({ where: seenLately() });
}

/** The workers seen lately, oldest first. */
export async function listLiveWorkers(): Promise<WorkerView[]> {
  const rows = await db.worker.findMany({ where: seenLately(), orderBy: { startedAt: "asc" } });
  return rows.map((w) => ({ id: w.id, concurrency: w.concurrency, running: w.running, startedAt: w.startedAt.toISOString(), lastSeenAt: w.lastSeenAt.toISOString() }));
}
