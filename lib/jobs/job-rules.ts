// Who may follow or cancel a job. Pure.
import type { JobStatus, Role } from "@prisma/client";
import { hasCapability } from "../auth/roles";

/** A job is its starter's; an admin may follow and cancel anyone's. Others are told there is no such job. */
export function mayFollowJob(args: { job: { createdById: string | null }; user: { id: string; role: Role } }): boolean {
  return args.job.createdById === args.user.id || hasCapability({ role: args.user.role, capability: "job:manage" });
}

/** A job still at work (queued or running): it can be followed and cancelled. */
export function isJobActive(status: JobStatus): boolean {
  return status === "QUEUED" || status === "RUNNING";
}

/** What a queued job waits for, in words: a free worker, or, when none is running, someone to start one. */
export function queuedMessage(job: { workersOnline?: number }): string {
  if (job.workersOnline === 0) return "no worker is running, so nothing will take it: an admin must start one (`sitewatch worker`)";
  return "waiting for a worker";
}
