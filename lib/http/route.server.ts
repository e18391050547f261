// The HTTP boundary shared by every route handler: who is asking, whether a
// mutating request comes from our own pages, and turning domain errors into
// `{ error: { code, message, details? } }` with the right status.
import { cookies } from "next/headers";
import { ZodError } from "zod";
import type { Capability } from "../auth/roles";
import { findSessionUser, requireCapability, SESSION_COOKIE, type SessionUser } from "../auth/session.server";
import { config } from "../config.server";
import { DomainError, HTTP_STATUS } from "../errors";
import type { RouteNeed } from "./route-rules";

/** Header set by server.mjs from the socket address; any client-sent value is overwritten there. */
export const CLIENT_IP_HEADER = "x-sitewatch-client-ip";

export function clientIp(request: Request): string {
  return request.headers.get(CLIENT_IP_HEADER) ?? "unknown";
}

export async function getRequestUser(): Promise<SessionUser | null> {
  const jar = await cookies();
  return findSessionUser(jar.get(SESSION_COOKIE)?.value);
}

/**
 * CSRF defence for cookie-authenticated writes: a browser always sends Origin
 * on POST/PATCH/DELETE, so a mismatch means another site is submitting. A
 * request without Origin (curl, scripts) carries no ambient browser cookie risk.
 */
export function assertSameOrigin(request: Request): void {
  const origin = request.headers.get("origin");
  const fetchSite = request.headers.get("sec-fetch-site");
  if (!origin) {
    if (fetchSite === "cross-site") throw new DomainError("forbidden", "cross-site request refused");
    return;
  }
  const host = (config.trustProxy && request.headers.get("x-forwarded-host")) || request.headers.get("host");
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new DomainError("forbidden", "cross-site request refused (bad Origin)");
  }
  const allowed = new Set([host, ...(process.env.SITEWATCH_PUBLIC_ORIGIN ? [new URL(process.env.SITEWATCH_PUBLIC_ORIGIN).host] : [])]);
  if (!allowed.has(originHost)) throw new DomainError("forbidden", "cross-site request refused (Origin does not match)");
}

export function errorResponse(e: unknown): Response {
  if (e instanceof DomainError) {
    const headers: Record<string, string> = {};
    if (e.retryAfterS !== undefined) headers["Retry-After"] = String(e.retryAfterS);
    // A too-large body was not read to its end: the connection cannot be reused.
    if (e.code === "too_large") headers.Connection = "close";
    return Response.json({ error: { code: e.code, message: e.message, ...(e.details !== undefined ? { details: e.details } : {}) } }, { status: HTTP_STATUS[e.code], headers });
  }
  if (e instanceof ZodError) {
    const first = e.issues[0];
    const where = first?.path.length ? `${first.path.join(".")}: ` : "";
    return Response.json(
      { error: { code: "bad_input", message: `${where}${first?.message ?? "invalid input"}`, details: e.issues.map((i) => ({ path: i.path, message: i.message })) } },
      { status: 400 },
    );
  }
  if (isUniqueViolation(e)) {
    return Response.json({ error: { code: "conflict", message: "someone else made the same change at the same moment; reload and try again" } }, { status: 409 });
  }
  console.error(e);
  return Response.json({ error: { code: "internal", message: "something went wrong on the server; it has been logged" } }, { status: 500 });
}

/** Prisma's unique-constraint violation (two racing creates of the same slug or release number). */
function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2002";
}

type Handler<C> = (request: Request, context: C) => Promise<Response>;
type ActorHandler<C> = (request: Request, context: C, actor: SessionUser) => Promise<Response>;

/**
 * Wraps a route handler and says what it needs. In order: same-origin check on
 * writes; for a capability, the session user (401 without one, 403 when the
 * role lacks it) before the body is read, so nobody learns from validation
 * errors what a route would accept; then the handler, with the actor. Domain
 * and validation errors are mapped to JSON. Finer checks (four eyes, job
 * ownership) stay in lib/. lib/http/route-rules.ts lists every route's need.
 */
export function route<C = unknown>(need: "public", handler: Handler<C>): Handler<C>;
export function route<C = unknown>(need: Capability, handler: ActorHandler<C>): Handler<C>;
export function route<C>(need: RouteNeed, handler: ActorHandler<C>): Handler<C> {
  return async (request, context) => {
    try {
      if (!["GET", "HEAD", "OPTIONS"].includes(request.method)) assertSameOrigin(request);
      if (need === "public") return await (handler as Handler<C>)(request, context);
      const actor = requireCapability({ user: await getRequestUser(), capability: need });
      return await handler(request, context, actor);
    } catch (e) {
      return errorResponse(e);
    }
  };
}

/** Reads a JSON body of at most `maxBytes` (413 beyond, without reading the rest). */
export async function readJsonLimited(args: { request: Request; maxBytes: number }): Promise<unknown> {
  const { request, maxBytes } = args;
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) throw new DomainError("too_large", `the request is larger than ${Math.round(maxBytes / 1024)} KB`);
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBytes) throw new DomainError("too_large", `the request is larger than ${Math.round(maxBytes / 1024)} KB`);
  return parseJsonBody(text);
}

function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new DomainError("bad_input", "the request body is not valid JSON");
  }
}

export async function readJson(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw new DomainError("bad_input", "the request body is not valid JSON");
  }
}

/** Reads a JSON body that may be left out: an empty body reads as `{}`. */
export async function readOptionalJson(request: Request): Promise<unknown> {
  const text = await request.text();
  return text.trim() ? parseJsonBody(text) : {};
}

/**
 * The public origin of this server, for absolute links in downloads, STAC and
 * OGC documents: SITEWATCH_PUBLIC_ORIGIN when set, otherwise the request's
 * own host (and X-Forwarded-Host/-Proto behind a trusted proxy).
 */
export function publicOrigin(request: Request): string {
  if (process.env.SITEWATCH_PUBLIC_ORIGIN) return process.env.SITEWATCH_PUBLIC_ORIGIN.replace(/\/$/, "");
  const url = new URL(request.url);
  const host = (config.trustProxy && request.headers.get("x-forwarded-host")) || request.headers.get("host") || url.host;
  const proto = (config.trustProxy && request.headers.get("x-forwarded-proto")) || url.protocol.replace(":", "");
  return `${proto}://${host}`;
}

/** The public origin as seen by a server-rendered page (see publicOrigin). */
export async function pageOrigin(): Promise<string> {
  const { headers } = await import("next/headers");
  const h = await headers();
  const host = h.get("host") ?? "localhost";
  return publicOrigin(new Request(`http://${host}/`, { headers: h }));
}
