// Account rules shared by the server, the CLI and the pages. Pure.
import type { Role } from "@prisma/client";

/** How long a one-time link to set a password stays valid. */
export const LINK_TTL_MS = {
  /** An invitation: long enough to reach someone across a weekend. */
  INVITE: 7 * 24 * 3600_000,
  /** A reset: the person is usually waiting for it. */
  RESET: 24 * 3600_000,
} as const;
export type LinkPurpose = keyof typeof LINK_TTL_MS;

/** The public page where a one-time link is opened (the token follows as ?token=). */
export const SET_PASSWORD_PATH = "/account/set-password";

export function setPasswordPath(token: string): string {
  return `${SET_PASSWORD_PATH}?token=${encodeURIComponent(token)}`;
}

/** Every action the account audit trail records. */
export const ACCOUNT_ACTIONS = [
  "user_created",
  "user_invited",
  "role_changed",
  "user_deactivated",
  "user_reactivated",
  "password_reset_issued",
  "password_set_by_link",
  "password_changed",
  "password_set_by_cli",
  "session_ended",
  "signed_out_everywhere",
  "two_factor_enabled",
  "two_factor_disabled",
  "two_factor_reset",
  "recovery_code_used",
] as const;
export type AccountAction = (typeof ACCOUNT_ACTIONS)[number];

export function roleLabel(role: Role): string {
  return role.toLowerCase();
}

/**
 * Why an admin may not be demoted or deactivated, or null when they may: the
 * installation must keep one active admin who can sign in (an invited admin
 * who never set a password does not count), or nobody could manage accounts
 * from the app again.
 */
export function lastAdminProblem(args: { target: { role: Role; active: boolean }; otherActiveAdmins: number; change: "demote" | "deactivate" }): string | null {
  const { target, otherActiveAdmins, change } = args;
  if (target.role !== "ADMIN" || !target.active || otherActiveAdmins > 0) return null;
  return `${change === "demote" ? "cannot change the role of" : "cannot deactivate"} the last active admin: make another person admin first, or nobody could manage accounts from the app`;
}

/** One sentence about an audit event for the admin page and `sitewatch user list`'s neighbours. */
export function describeAccountAction(action: string, detail: Record<string, unknown>): string {
  switch (action) {
    case "user_created":
      return `created the account (${String(detail.role ?? "").toLowerCase()})`;
    case "user_invited":
      return `invited as ${String(detail.role ?? "").toLowerCase()}; link valid until ${String(detail.expiresAt ?? "?")
        .slice(0, 16)
        .replace("T", " ")} UTC`;
    case "role_changed":
      return `role changed from ${String(detail.from ?? "").toLowerCase()} to ${String(detail.to ?? "").toLowerCase()}`;
    case "user_deactivated":
      return `deactivated; ${Number(detail.sessionsEnded ?? 0)} session(s) ended`;
    case "user_reactivated":
      return "reactivated";
    case "password_reset_issued":
      return `password ${detail.purpose === "INVITE" ? "invitation renewed" : "reset link issued"}; valid until ${String(detail.expiresAt ?? "?")
        .slice(0, 16)
        .replace("T", " ")} UTC`;
    case "password_set_by_link":
      return `password set through a one-time link; ${Number(detail.sessionsEnded ?? 0)} session(s) ended`;
    case "password_changed":
      return `password changed; ${Number(detail.sessionsEnded ?? 0)} other session(s) ended`;
    case "password_set_by_cli":
      return `password set from the command line; ${Number(detail.sessionsEnded ?? 0)} session(s) ended`;
    case "session_ended":
      return "ended one session";
    case "signed_out_everywhere":
      return `signed out everywhere; ${Number(detail.sessionsEnded ?? 0)} session(s) ended`;
    case "two_factor_enabled":
      return `two-step sign-in turned on; ${Number(detail.recoveryCodes ?? 0)} recovery codes issued`;
    case "two_factor_disabled":
      return "two-step sign-in turned off";
    case "two_factor_reset":
      return "two-step sign-in reset (turned off) by an admin";
    case "recovery_code_used":
      return `recovery code used to ${detail.context === "turn_off" ? "turn two-step sign-in off" : "sign in"}; ${Number(detail.recoveryCodesLeft ?? 0)} left`;
    default:
      return action;
  }
}

/** "Chrome on Linux" from a User-Agent header, for the session list; the raw text when nothing is recognised. */
export function describeUserAgent(userAgent: string | null): string {
  if (!userAgent) return "unknown browser";
  const browser =
    [
      [/Edg\//, "Edge"],
      [/HeadlessChrome\//, "Headless Chrome"],
      [/Chromium\//, "Chromium"],
      [/Chrome\//, "Chrome"],
      [/Firefox\//, "Firefox"],
      [/Safari\//, "Safari"],
      [/curl\//, "curl"],
    ].find(([re]) => (re as RegExp).test(userAgent))?.[1] ?? null;
  const os =
    [
      [/Android/, "Android"],
      [/iPhone|iPad/, "iOS"],
      [/Windows/, "Windows"],
      [/Mac OS X|Macintosh/, "macOS"],
      [/Linux/, "Linux"],
    ].find(([re]) => (re as RegExp).test(userAgent))?.[1] ?? null;
  if (!browser) return userAgent.slice(0, 80);
  return os ? `${browser as string} on ${os as string}` : (browser as string);
}
