// /workspace/jobs — admins: the job queue (what waits, what runs and where, what failed and why), with cancel and retry
import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/page-guard.server";
import { listJobs } from "@/lib/jobs/list-jobs.server";
import JobsBoard from "@/components/workspace/JobsBoard";

export const metadata: Metadata = { title: "Jobs" };
export const dynamic = "force-dynamic";

export default async function JobsPage() {
  await requirePageUser({ returnTo: "/workspace/jobs", capability: "job:manage" });
  const jobs = await listJobs();
  return (
    <main>
      <h1>Jobs</h1>
      <p className="muted">
        Scene conversions and change detections, run by the <code>sitewatch worker</code> processes. A job nobody picks up stays queued: check that a worker is running.
      </p>
      <JobsBoard initial={jobs} />
    </main>
  );
}
