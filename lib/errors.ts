// Domain errors. lib/ throws these; the HTTP layer maps `code` to a status and
// the CLI maps it to exit 2 with the message on one line.

export type ErrorCode = "bad_input" | "not_signed_in" | "forbidden" | "not_found" | "conflict" | "too_large" | "unprocessable" | "rate_limited";

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
};
