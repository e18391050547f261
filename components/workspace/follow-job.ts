"use client";
// Following a job from the browser: GET /api/jobs/:id about twice a second
// while it is queued or running, until it ends or cannot be read. Shared by
// the upload form and the scene list.
import { isJobActive } from "@/lib/jobs/job-rules";
import type { JobView } from "@/lib/jobs/job-view";

export const JOB_POLL_MS = 500;

/**
 * Calls `onJob` with each reading of the job, the first at once, the last when it has ended.
 * `onUnavailable` is called (and polling stops) when the server answers 4xx: 404 means
 * there is no such job or it is someone else's (only its starter or an admin may follow it).
 * Network errors and 5xx are retried. Returns the function that stops following.
 */
export function followJob(args: { jobId: string; onJob: (job: JobView) => void; onUnavailable?: (status: number) => void; intervalMs?: number }): () => void {
  const intervalMs = args.intervalMs ?? JOB_POLL_MS;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = async () => {
    const started = Date.now();
    let again = true;
    try {
      const res = await fetch(`/api/jobs/${encodeURIComponent(args.jobId)}`, { cache: "no-store" });
      if (stopped) return;
      if (res.ok) {
        const { job } = (await res.json()) as { job: JobView };
        if (stopped) return;
        args.onJob(job);
        again = isJobActive(job.status);
      } else if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
        again = false;
        args.onUnavailable?.(res.status);
      }
    } catch {
      // A network blip: the next tick tries again.
    }
    // Start to start, so a slow answer does not widen the gap (a short conversion could pass unseen).
    if (!stopped && again) timer = setTimeout(tick, Math.max(0, intervalMs - (Date.now() - started)));
  };
  void tick();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
