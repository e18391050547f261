// A job as the browser follows it (GET /api/jobs/:id). Pure.
import type { Job } from "@prisma/client";

export interface JobView {
  id: string;
  kind: string;
  status: Job["status"];
  /** 0 to 1. */
  progress: number;
  /** What is happening now, for people ("reading the scenes"). */
  message: string;
  /** What the finished work reports (its shape depends on `kind`: DetectionSummary for "detect"). */
  result: unknown;
  error: string | null;
  createdAt: string;
  updatedAt: string;
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
    createdAt: job.createdAt.toISOString(),
    updatedAt: job.updatedAt.toISOString(),
  };
}
