// A job as the browser follows it (GET /api/jobs/:id) and as the admins' jobs
// page lists it (GET /api/jobs). Pure.
import type { Job } from "@prisma/client";

/** A running `sitewatch worker`, as it last reported itself. */
export interface WorkerView {
  id: string;
  concurrency: number;
  /** Jobs it was running at its last report. */
  running: number;
  startedAt: string;
  lastSeenAt: string;
}

export interface JobView {
  id: string;
  kind: string;
  status: Job["status"];
  /** 0 to 1. */
  progress: number;
  /** What is happening now, for people ("reading the scenes"). */
  message: string;
  /** What the finished work reports (its shape depends on `kind`: DetectionSummary for "detect", { sceneId } for "convert-scene"). */
  result: unknown;
  error: string | null;
  /** Claims so far; a worker that died while running the job counts. */
  attempts: number;
  maxAttempts: number;
  /** Someone asked to cancel it; its worker stops it within about a second. */
  cancelRequested: boolean;
  /** The worker running it ("host:pid"), while it runs. */
  worker: string | null;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** While it is QUEUED: how many workers are running (0: nothing will take it until one is started). */
  workersOnline?: number;
}

export function jobView(job: Job): JobView {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    progress: job.progress,
    message: job.message,
    result: job.result ? JSON.parse(job.result) : null,
    error: job.error,
    attempts: job.attempts,
    maxAttempts: job.maxAttempts,
    cancelRequested: job.cancelRequested,
    worker: job.status === "RUNNING" ? job.leaseOwner : null,
    createdAt: job.createdAt.toISOString(),
    updatedAt: job.updatedAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

/** A row of the admins' jobs page: the job, who started it and what it works on, in words. */
export interface JobListItem extends JobView {
  startedBy: string | null;
  /** "Conversion of L7_ETMs.tif (Olinda)", "Detection on Olinda, 2001-07-15 → 2003-08-02". */
  subject: string;
}

export interface JobListView {
  /** The workers running now, as they last reported themselves. */
  workers: WorkerView[];
  queued: JobListItem[];
  running: JobListItem[];
  failed: JobListItem[];
  /** The latest that succeeded or were cancelled. */
  recent: JobListItem[];
}
