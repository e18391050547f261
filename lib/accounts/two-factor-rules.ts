// Two-step sign-in (TOTP, RFC 6238, with one-time recovery codes): the rules
// the server, the pages and the tests share. Pure.

/** The name authenticator apps show next to the account. */
export const TOTP_ISSUER = "Sitewatch";
/** Codes of the step before and after now are accepted too (a phone's clock a little off, a code typed as it changed). */
export const TOTP_TOLERANCE_S = 30;
/** How long the second step may take after the password was right. */
export const CHALLENGE_TTL_MS = 5 * 60_000;
/** Wrong codes one challenge takes before the password is needed again (the sign-in throttle counts them as well). */
export const MAX_CHALLENGE_FAILURES = 5;
/** Recovery codes issued when two-step sign-in is turned on. */
export const RECOVERY_CODE_COUNT = 10;
/** Characters of a recovery code: no 0/o, 1/l/i, so it can be read off paper. */
export const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
export const RECOVERY_CODE_LENGTH = 10;

/** What a person typed as their second step: a 6-digit code from the app, or a recovery code. */
export type SecondFactorCode = { kind: "totp"; code: string } | { kind: "recovery"; code: string } | { kind: "invalid" };

/** "123 456" → a TOTP code; "abcde-fghjk" (any case, spaces or dashes) → a recovery code; anything else is invalid. */
export function parseSecondFactorCode(input: string): SecondFactorCode {
  const compact = input.replace(/[\s-]/g, "").toLowerCase();
  if (/^\d{6}$/.test(compact)) return { kind: "totp", code: compact };
  if (compact.length === RECOVERY_CODE_LENGTH && [...compact].every((c) => RECOVERY_ALPHABET.includes(c))) return { kind: "recovery", code: compact };
  return { kind: "invalid" };
}

/** "abcdefghjk" → "abcde-fghjk", as shown to the person. */
export function formatRecoveryCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** "JBSWY3DPEHPK3PXP…" → "JBSW Y3DP EHPK …", easier to type into an app by hand. */
export function groupSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, "$1 ");
}
