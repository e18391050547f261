// The queue this installation uses: the Job row itself on the embedded SQLite
// database, pg-boss on PostgreSQL (docs/decisions/0012-postgres-job-queue.md),
// both behind the same JobQueue interface.
import { config } from "../config.server";
import type { JobQueue } from "./job-queue";
import { PostgresJobQueue } from "./postgres-job-queue.server";
import { SqliteJobQueue } from "./sqlite-job-queue.server";

let queue: JobQueue | null = null;

export function getJobQueue(): JobQueue {
  queue ??= config.databaseProvider === "postgresql" ? new PostgresJobQueue() : new SqliteJobQueue();
  return queue;
}
