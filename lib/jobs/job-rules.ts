// Who may follow or cancel a job. Pure.
import type { Role } from "@prisma/client";
import { hasCapability } from "../auth/roles";

/** A job is its starter's; an admin may follow and cancel anyone's. Others are told there is no such job. */
export function mayFollowJob(args: { job: { createdById: string | null }; user: { id: string; role: Role } }): boolean {
  return args.job.createdById === args.user.id || hasCapability({ role: args.user.role, capability: "job:manage" });
}
