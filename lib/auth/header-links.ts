// The site header's links for whoever is signed in, and what GET /api/session
// answers. Pure: the header is drawn in the browser from this answer, so every
// public page is the same for every reader and can be cached (issue 17).
import type { Role } from "@prisma/client";
import { hasCapability, type Capability } from "./roles";

export interface HeaderLink {
  href: string;
  label: string;
}

/** What the header shows: nobody signed in, or who and which workspace links their role opens. */
export interface SessionView {
  user: { name: string; role: Role } | null;
  links: HeaderLink[];
}

const WORKSPACE_LINKS: readonly (HeaderLink & { needs: Capability })[] = [
  { href: "/workspace", label: "Workspace", needs: "workspace:read" },
  { href: "/workspace/review", label: "Review queue", needs: "review:queue" },
  { href: "/workspace/tips", label: "Tips", needs: "review:queue" },
  { href: "/workspace/settings", label: "Settings", needs: "settings:manage" },
  { href: "/workspace/jobs", label: "Jobs", needs: "job:manage" },
  { href: "/workspace/admin/users", label: "Users", needs: "user:manage" },
  { href: "/workspace/account", label: "Account", needs: "workspace:read" },
];

export function sessionView(user: { name: string; role: Role } | null): SessionView {
  if (!user) return { user: null, links: [] };
  return {
    user: { name: user.name, role: user.role },
    links: WORKSPACE_LINKS.filter((l) => hasCapability({ role: user.role, capability: l.needs })).map(({ href, label }) => ({ href, label })),
  };
}
