"use client";
// A running job's progress as one line: the bar, the percentage and what it is
// doing (or why it waits in the queue). Shared by Find changes and Find when.
import { queuedMessage } from "@/lib/jobs/job-rules";
import type { JobView } from "@/lib/jobs/job-view";

export default function JobProgressLine({ job, label, testId }: { job: Pick<JobView, "status" | "progress" | "message" | "workersOnline">; label: string; testId: string }) {
  return (
    <div role="status" className="small" data-testid={testId}>
      <progress max={1} value={job.progress} aria-label={label} /> {Math.round(job.progress * 100)}% · {job.status === "QUEUED" ? `queued: ${queuedMessage(job)}` : job.message}
    </div>
  );
}
