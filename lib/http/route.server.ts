// The HTTP boundary shared by every route handler: who is asking, whether a
// mutating request comes from our own pages, and turning domain errors into
// `{ error: { code, message, details? } }` with the right status.
import { cookies } from "next/headers";
import { ZodError } from "zod";
import type { Capability } from "../auth/roles";
import { findSessionUser, requireCapability, SESSION_COOKIE, type SessionUser } from "../auth/session.server";
import { config } from "../config.server";
import { capMessage, DomainError, HTTP_STATUS } from "../errors";
import { assertWellFormedText } from "../text/well-formed";
import type { RouteNeed } from "./route-rules";
// Imported for what it does on load: it tells server.mjs's front door how to read the public generation.
import "../publish/public-generation.server";

/** Header set by server.mjs from the socket address; any client-sent value is overwritten there. */
export const CLIENT_IP_HEADER = "x-sitewatch-client-ip";

/**
 * Header set by server.mjs: "https" when the connection is TLS (or, behind a
 * trusted proxy, the proxy says it was), "http" otherwise; any client-sent
 * value is overwritten there.
 */
export const CLIENT_PROTO_HEADER = "x-sitewatch-client-proto";

export function clientIp(request: Request): string {
  return request.headers.get(CLIENT_IP_HEADER) ?? "unknown";
}

/**
 * The scheme the client really used: from server.mjs (the socket, or a trusted
 * proxy), never from a client's own X-Forwarded-Proto. Without server.mjs (a
 * handler called directly) the request URL's own scheme.
 */
export function requestScheme(request: Request): "http" | "https" {
  const proto = request.headers.get(CLIENT_PROTO_HEADER);
  if (proto === "https" || proto === "http") return proto;
  return new URL(request.url).protocol === "https:" ? "https" : "http";
}

/**
 * The host the trusted proxy says the client asked for: its last
 * X-Forwarded-Host entry (the one our proxy appended; earlier ones are the
 * client's own words), as server.mjs takes the last X-Forwarded-For/-Proto
 * hop. Null without a trusted proxy.
 */
function forwardedHost(request: Request): string | null {
  if (!config.trustProxy) return null;
  return request.headers.get("x-forwarded-host")?.split(",").at(-1)?.trim() || null;
}

/** The origin (scheme://host[:port]) this request was sent to, as the browser saw it. */
export function requestOrigin(request: Request): string | null {
  const host = forwardedHost(request) || request.headers.get("host");
  if (!host) return null;
  try {
    return new URL(`${requestScheme(request)}://${host}`).origin;
  } catch {
    return null;
  }
}

export async function getRequestUser(): Promise<SessionUser | null> {
  const jar = await cookies();
  return findSessionUser(jar.get(SESSION_COOKIE)?.value);
}

/**
 * CSRF defence for cookie-authenticated writes: a browser always sends Origin
 * on POST/PATCH/DELETE, so a mismatch means another site is submitting. The
 * whole origin counts — scheme, host and port — since http://host or
 * host:8080 is another origin to the browser. A request without Origin (curl,
 * scripts) carries no ambient browser cookie risk.
 */
export function assertSameOrigin(request: Request): void {
  const origin = request.headers.get("origin");
  const fetchSite = request.headers.get("sec-fetch-site");
  if (!origin) {
    if (fetchSite === "cross-site") throw new DomainError("forbidden", "cross-site request refused");
    return;
  }
  let sent: string;
  try {
    sent = new URL(origin).origin;
  } catch {
    throw new DomainError("forbidden", "cross-site request refused (bad Origin)");
  }
  const allowed = new Set<string>();
  const own = requestOrigin(request);
  if (own) allowed.add(own);
  if (process.env.SITEWATCH_PUBLIC_ORIGIN) allowed.add(new URL(process.env.SITEWATCH_PUBLIC_ORIGIN).origin);
  if (!allowed.has(sent)) throw new DomainError("forbidden", "cross-site request refused (Origin does not match)");
}

export function errorResponse(e: unknown): Response {
  if (e instanceof DomainError) {
    const headers: Record<string, string> = {};
    if (e.retryAfterS !== undefined) headers["Retry-After"] = String(e.retryAfterS);
    // A too-large body was not read to its end: the connection cannot be reused.
    if (e.code === "too_large") headers.Connection = "close";
    return Response.json(
      { error: { code: e.code, message: capMessage(e.message), ...(e.details !== undefined ? { details: e.details } : {}) } },
      { status: HTTP_STATUS[e.code], headers },
    );
  }
  if (e instanceof ZodError) {
    const first = e.issues[0];
    const where = first?.path.length ? `${first.path.join(".")}: ` : "";
    return Response.json(
      {
        error: {
          code: "bad_input",
          message: capMessage(`${where}${first?.message ?? "invalid input"}`),
          details: e.issues.slice(0, 100).map((i) => ({ path: i.path, message: capMessage(i.message) })),
        },
      },
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

/**
 * The most a route reads of a JSON body, by what it carries. Every JSON route
 * has one (`readJson` uses `default`), checked while the body streams in: a
 * 100 MB body costs the server at most the limit, before anyone is signed in.
 */
export const BODY_LIMITS = {
  /** Small commands: transitions, settings of one thing, a job's id. */
  default: 64 * 1024,
  /** An email and a password. */
  signIn: 16 * 1024,
  /** A long text field or a few (a comment, a candidate's description, the settings). */
  text: 512 * 1024,
  /**
   * An outline or footprint with its texts: a polygon of 10,000 vertices is
   * about 450 KB as JSON at full precision, so a multi-part change of the
   * largest allowed size fits with room.
   */
  geometry: 8 * 1024 * 1024,
} as const;

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round((n / 1024 / 1024) * 10) / 10} MB` : `${Math.round(n / 1024)} KB`;
}

function tooLarge(maxBytes: number): DomainError {
  return new DomainError("too_large", `the request is too large: this form takes at most ${formatBytes(maxBytes)}; send less (shorter texts, a simpler outline)`);
}

/**
 * Reads the body as it streams in, and stops at `maxBytes` (413, the rest is
 * never read): a declared Content-Length over the limit is refused before
 * reading, a chunked body as soon as it passes it. Bytes that are not UTF-8
 * are refused (400).
 */
async function readBodyText({ request, maxBytes }: { request: Request; maxBytes: number }): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new DomainError("bad_input", "the request body is not UTF-8 text");
  }
}

/**
 * Parses JSON and refuses text that cannot be stored (a lone UTF-16 surrogate,
 * e.g. "\ud800"), naming the field, so it is a 400 here and not a 500 later.
 */
function parseJsonBody(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new DomainError("bad_input", "the request body is not valid JSON");
  }
  assertWellFormedText(value);
  return value;
}

/** Reads a JSON body of at most `maxBytes` (413 beyond, without reading the rest). */
export async function readJsonLimited(args: { request: Request; maxBytes: number }): Promise<unknown> {
  return parseJsonBody(await readBodyText(args));
}

/** Reads a JSON body of at most `maxBytes` (default `BODY_LIMITS.default`). */
export async function readJson(request: Request, maxBytes: number = BODY_LIMITS.default): Promise<unknown> {
  return readJsonLimited({ request, maxBytes });
}

/** Reads a JSON body that may be left out: an empty body reads as `{}`. At most `maxBytes` (default `BODY_LIMITS.default`). */
export async function readOptionalJson(request: Request, maxBytes: number = BODY_LIMITS.default): Promise<unknown> {
  const text = await readBodyText({ request, maxBytes });
  return text.trim() ? parseJsonBody(text) : {};
}

/**
 * The public origin of this server, for absolute links in downloads, STAC and
 * OGC documents: SITEWATCH_PUBLIC_ORIGIN when set, otherwise the request's
 * own host and scheme (X-Forwarded-Host, and the scheme server.mjs took from
 * X-Forwarded-Proto, behind a trusted proxy only).
 */
export function publicOrigin(request: Request): string {
  if (process.env.SITEWATCH_PUBLIC_ORIGIN) return process.env.SITEWATCH_PUBLIC_ORIGIN.replace(/\/$/, "");
  const url = new URL(request.url);
  const host = forwardedHost(request) || request.headers.get("host") || url.host;
  return `${requestScheme(request)}://${host}`;
}

/** The public origin as seen by a server-rendered page (see publicOrigin). */
export async function pageOrigin(): Promise<string> {
  const { headers } = await import("next/headers");
  const h = await headers();
  const host = h.get("host") ?? "localhost";
  return publicOrigin(new Request(`http://${host}/`, { headers: h }));
}
