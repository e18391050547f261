// `sitewatch worker [--concurrency N]`: runs queued jobs (scene conversion,
// change detection) until SIGTERM or Ctrl-C, then stops gracefully: running
// jobs get a grace period to finish (SITEWATCH_WORKER_GRACE_MS, 10 s), the
// rest go back to the queue for the next worker. One line per event on stdout.
import fs from "node:fs";
import os from "node:os";
import { z } from "zod";
import { jobConfig } from "@/lib/jobs/job-config.server";
import { runWorker } from "@/lib/jobs/run-worker.server";
import { checkDatabase } from "@/lib/db/check-database.server";
import { checkStore } from "@/lib/storage/check-store.server";
import { parse, UsageError } from "./args";

const Concurrency = z.coerce
  .number({ message: "--concurrency must be a whole number" })
  .int("--concurrency must be a whole number")
  .min(1, "--concurrency must be at least 1")
  .max(64, "--concurrency must be at most 64");

/**
 * Long work must not slow the web server on the same machine: the worker runs
 * at a lower CPU priority (nice, SITEWATCH_WORKER_NICE, default 10), so when
 * both want the cores the web server's requests come first. On Linux nice is
 * per thread: every thread running now is lowered, and the threads started
 * later (the imagery engine's pools, libuv's) inherit it.
 */
function lowerPriority(): number | null {
  const nice = Number(process.env.SITEWATCH_WORKER_NICE ?? 10);
  if (!Number.isInteger(nice) || nice <= 0) return null;
  const tasks = fs.existsSync("/proc/self/task") ? fs.readdirSync("/proc/self/task").map(Number) : [0];
  for (const tid of tasks) {
    try {
      os.setPriority(tid, Math.min(19, Math.max(os.getPriority(tid), nice)));
    } catch {
      return null;
    }
  }
  return os.getPriority(0);
}

function log(line: string): void {
  process.stdout.write(`${new Date().toISOString()} ${line}\n`);
}

export async function runWorkerCommand(args: string[]): Promise<void> {
  const { values, positionals } = parse(args, { concurrency: { type: "string" } });
  if (positionals.length) throw new UsageError(`worker takes no file names (got "${positionals.join(" ")}")`);
  let concurrency = jobConfig.defaultConcurrency;
  if (values.concurrency !== undefined) {
    const parsed = Concurrency.safeParse(values.concurrency);
    if (!parsed.success) throw new UsageError(parsed.error.issues[0]?.message ?? "bad --concurrency");
    concurrency = parsed.data;
  }
  // No database, PostgreSQL unreachable, PostGIS missing, migrations not applied: one line now.
  await checkDatabase();
  // A bucket that does not exist, refused credentials, an endpoint down: one line now, not a failed job later.
  const store = await checkStore();
  const nice = lowerPriority();
  const stop = new AbortController();
  // Started by `npm run demo`: stop with it, even if it was killed without a word (this process is then adopted by init).
  if (process.env.SITEWATCH_EXIT_WITH_PARENT === "1") {
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent && !stop.signal.aborted) {
        log("the process that started this worker is gone: stopping");
        stop.abort();
      }
    }, 1_000).unref();
  }
  // Nobody reads the log any more (its reader died): go on working, silently.
  process.stdout.on("error", () => undefined);
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      if (!stop.signal.aborted) log(`${signal}: stopping; running jobs have ${Math.round(jobConfig.graceMs / 1000)} s to finish, then go back to the queue`);
      stop.abort();
    });
  }
  await runWorker({
    concurrency,
    stop: stop.signal,
    events: {
      ready: (id) =>
        log(`worker ${id} ready (concurrency ${concurrency}, lease ${Math.round(jobConfig.leaseMs / 1000)} s${nice === null ? "" : `, nice ${nice}`}, store ${store})`),
      started: (job) => log(`job ${job.id} ${job.kind} started${job.attempts > 1 ? ` (attempt ${job.attempts})` : ""}`),
      ended: (job, end) => log(`job ${job.id} ${job.kind} ${end.toLowerCase()}`),
      error: (what, e) => log(`error ${what}: ${(e as Error)?.message ?? String(e)}`),
    },
  });
  log("worker stopped");
}
