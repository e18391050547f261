// What the account routes and pages return. Pure.
import type { Role } from "@prisma/client";

/** How an account stands, for the admin list. */
export type AccountStatus = "active" | "invited" | "invitation expired" | "deactivated";

export interface UserListItem {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  status: AccountStatus;
  createdAt: string;
  /** The last request of any of their sessions (to the minute), or null if never seen. */
  lastSeenAt: string | null;
  /** Sessions that have not expired. */
  sessionCount: number;
  /** An open one-time link (invitation or reset), when it expires. */
  openLinkExpiresAt: string | null;
  /** Two-step sign-in is on. */
  twoFactor: boolean;
}

/** A one-time link to set a password, shown once to whoever issued it. */
export interface OneTimeLinkView {
  purpose: "INVITE" | "RESET";
  /** Path and query on this site: /account/set-password?token=… */
  path: string;
  expiresAt: string;
  email: string;
}

export interface SessionView {
  /** Names the session to end it; not the cookie, not its hash. */
  handle: string;
  userAgent: string | null;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  /** The browser that asked. */
  current: boolean;
}

export interface AccountEventView {
  id: string;
  at: string;
  action: string;
  /** Who did it; null = the command line. */
  actor: { id: string; email: string; name: string } | null;
  subject: { id: string; email: string; name: string };
  detail: Record<string, unknown>;
  /** "role changed from analyst to editor". */
  summary: string;
}

/** What the public set-password page shows for a token. */
export type LinkState =
  { state: "valid"; purpose: "INVITE" | "RESET"; email: string; name: string; expiresAt: string } | { state: "expired" | "used" | "replaced" | "unknown" | "deactivated" };
