"use client";
// fetch() for our JSON API: returns the body, or throws ApiError carrying the
// server's message (which is written for people) and status.
import { asSentence } from "@/lib/format";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export async function callApi<T>(url: string, init?: { method?: string; body?: unknown }): Promise<T> {
  const response = await fetch(url, {
    method: init?.method ?? (init?.body === undefined ? "GET" : "POST"),
    headers: init?.body === undefined ? undefined : { "Content-Type": "application/json" },
    body: init?.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    const err = (data as { error?: { message?: string; details?: unknown } }).error;
    throw new ApiError(response.status, err?.message ?? `request failed (${response.status})`, err?.details);
  }
  return data as T;
}

/** What to tell the person when a call failed: the server's sentence, or that it could not be reached. */
export function messageOfApiError(err: unknown): string {
  return err instanceof ApiError ? asSentence(err.message) : "Could not reach the server.";
}
