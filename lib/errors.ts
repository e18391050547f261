// Domain errors. lib/ throws these; the HTTP layer maps `code` to a status and
// the CLI maps it to exit 2 with the message on one line.

export type ErrorCode = "bad_input" | "not_signed_in" | "forbidden" | "not_found" | "conflict" | "too_large" | "unprocessable" | "rate_limited" | "unavailable";

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  /** Seconds, for rate_limited. */
  readonly retryAfterS?: number;

  constructor(code: ErrorCode, message: string, options?: { details?: unknown; retryAfterS?: number }) {
    super(message);
    this.name = "DomainError";
    this.code = code;
    this.details = options?.details;
    this.retryAfterS = options?.retryAfterS;
  }
}

export const HTTP_STATUS: Record<ErrorCode, number> = {
  bad_input: 400,
  not_signed_in: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unprocessable: 422,
  rate_limited: 429,
  /** The installation cannot do it as configured (a signing key missing): the operator's to fix. */
  unavailable: 503,
};

/** The longest error message a person is shown (HTTP answers and the CLI's one line). */
export const MAX_MESSAGE_CHARS = 500;

/** `message` cut to MAX_MESSAGE_CHARS, ending with an ellipsis when cut (a hostile file must not make a 100 KB error). */
export function capMessage(message: string, max = MAX_MESSAGE_CHARS): string {
  if (message.length <= max) return message;
  // Do not cut a surrogate pair in half.
  let end = max - 1;
  if (/[\uD800-\uDBFF]/.test(message[end - 1] ?? "")) end -= 1;
  return `${message.slice(0, end)}…`;
}
