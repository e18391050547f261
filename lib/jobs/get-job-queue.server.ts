// The queue this installation uses. SQLite is the embedded default; the
// PostgreSQL deployment (a later issue) adds its engine here, behind the same
// JobQueue interface.
import type { JobQueue } from "./job-queue";
import { SqliteJobQueue } from "./sqlite-job-queue.server";

let queue: JobQueue | null = null;

export function getJobQueue(): JobQueue {
  queue ??= new SqliteJobQueue();
  return queue;
}
