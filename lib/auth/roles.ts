// Roles and what each may do outside the review table. Pure.
import type { Role } from "@prisma/client";

export const ROLES = ["ANALYST", "EDITOR", "ADMIN"] as const satisfies readonly Role[];

export type Capability =
  | "workspace:read"
  | "site:create"
  | "site:edit"
  | "scene:upload"
  | "annotation:create"
  | "review:queue"
  | "release:publish"
  | "user:manage"
  | "settings:manage";

const CAPABILITIES: Record<Role, readonly Capability[]> = {
  ANALYST: ["workspace:read", "site:create", "site:edit", "scene:upload", "annotation:create"],
  EDITOR: ["workspace:read", "site:create", "site:edit", "scene:upload", "annotation:create", "review:queue", "release:publish"],
  ADMIN: ["workspace:read", "site:create", "site:edit", "scene:upload", "annotation:create", "review:queue", "release:publish", "user:manage", "settings:manage"],
};

export function hasCapability(role: Role, capability: Capability): boolean {
  return CAPABILITIES[role].includes(capability);
}
