// Roles and what each may do. Pure: the server (route handlers, lib/ functions,
// page guards) and the browser (which controls to show) ask the same table.
// Who may move a change through review, and four eyes, is in
// lib/review/review-moves.ts, which takes its reviewers from here.
import type { Role } from "@prisma/client";

export const ROLES = ["ANALYST", "EDITOR", "ADMIN"] as const satisfies readonly Role[];

export type Capability =
  | "workspace:read"
  | "site:create"
  | "site:edit"
  | "scene:upload"
  | "annotation:create"
  | "change:review"
  | "review:queue"
  | "release:publish"
  | "user:manage"
  | "settings:manage"
  /** Follow and cancel anyone's jobs (everyone else: only the jobs they started). */
  | "job:manage";

const ANALYST: readonly Capability[] = ["workspace:read", "site:create", "site:edit", "scene:upload", "annotation:create"];
const EDITOR: readonly Capability[] = [...ANALYST, "change:review", "review:queue", "release:publish"];
const ADMIN: readonly Capability[] = [...EDITOR, "user:manage", "settings:manage", "job:manage"];

const CAPABILITIES: Record<Role, readonly Capability[]> = { ANALYST, EDITOR, ADMIN };

export function hasCapability(args: { role: Role; capability: Capability }): boolean {
  return CAPABILITIES[args.role].includes(args.capability);
}

/** Editors and admins: they review others' changes, set public renderings and publish releases. */
export function isReviewer(role: Role): boolean {
  return hasCapability({ role, capability: "change:review" });
}
