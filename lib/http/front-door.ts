// The front door of server.mjs, before the framework's router:
//  - What a published release made public and the server already computed
//    (public pages, site JSON, GeoJSON, CSV, STAC, OGC pages, tiles) is kept in
//    memory, compressed once with gzip and brotli, and answered from there with
//    its Content-Length, ETag (304 to a reader who has it) and Cache-Control.
//    Nothing else is ever kept: only a 200 of a public URL class, with no
//    cookie set, to a request without a session, that the route marked
//    (FAST_PATH_HEADER) or that is a public page. "Latest" entries are dropped
//    as soon as the public generation (lib/publish/public-generation.server.ts)
//    moves; a release's own URL never changes.
//  - Every HTML page gets its Content-Security-Policy from its own inline
//    scripts (lib/http/page-csp.ts), and is compressed here.
// Loaded by server.mjs through tsx; free of Next.js.
import { createHash } from "node:crypto";
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { ByteLru } from "../../imagery/tiles/lru";
import { SESSION_COOKIE } from "../auth/session-cookie-name";
import { CACHE_IMMUTABLE, CACHE_LATEST_PAGE, etagMatches, FAST_PATH_HEADER } from "./cache-control";
import { frameAncestorsOf, pageCsp } from "./page-csp";

/** Which public URLs the front door may keep: pages (a release's own, or a latest one), and data the route marks. */
export type PublicUrlClass = "page-release" | "page-latest" | "data";

export function publicUrlClass(pathname: string): PublicUrlClass | null {
  if (/^\/sites\/[^/]+\/releases\/\d+$/.test(pathname)) return "page-release";
  if (pathname === "/" || pathname === "/about" || /^\/sites\/[^/]+$/.test(pathname)) return "page-latest";
  if (/^\/(api\/public\/sites|tiles|ogc)(\/|$)/.test(pathname)) return "data";
  return null;
}

/** The encodings a request accepts, best first: brotli, gzip, identity (`q=0` refuses one). */
export function acceptedEncodings(header: string | undefined): ("br" | "gzip")[] {
  const accepted = new Map<string, number>();
  for (const part of (header ?? "").split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const star = accepted.get("*");
  const ok = (name: string) => (accepted.get(name) ?? star ?? 0) > 0;
  return (["br", "gzip"] as const).filter(ok);
}

interface Variant {
  body: Buffer;
  headers: OutgoingHttpHeaders;
}

/** A kept response: its bodies by encoding, and the generation it is right for ("immutable": always). */
export interface Entry {
  generation: number | "immutable";
  identity: Variant;
  gzip?: Variant;
  br?: Variant;
  etags: string[];
  bytes: number;
}

const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);
const COMPRESSIBLE = /^(text\/|application\/(json|geo\+json|ld\+json|xml|javascript|vnd\.oai\.openapi\+json))/i;
/** Headers that belong to one connection or one sending, never to a kept response. */
const NOT_KEPT = ["content-length", "transfer-encoding", "content-encoding", "connection", "keep-alive", "date", "x-sitewatch-content-length", FAST_PATH_HEADER];

function isHtml(headers: OutgoingHttpHeaders): boolean {
  return /^text\/html/i.test(String(headers["content-type"] ?? ""));
}

function variantTag(etag: string, suffix: string): string {
  return `"${etag.replace(/^W\//, "").replace(/^"|"$/g, "")}-${suffix}"`;
}

async function compressed(body: Buffer, encoding: "br" | "gzip", once: boolean): Promise<Buffer> {
  // Kept responses are compressed once, as well as is worth it; a page sent once, quickly.
  if (encoding === "gzip") return gzip(body, { level: once ? 9 : 6 });
  const quality = once ? (body.length <= 1 << 20 ? 11 : 9) : 5;
  return brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: quality, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } });
}

/** Turns a finished response into an entry: its policy, cache headers, ETags and compressed bodies. */
export async function buildEntry(args: { cls: PublicUrlClass; headers: OutgoingHttpHeaders; body: Buffer; generation: number | "immutable" }): Promise<Entry> {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(args.headers)) if (value !== undefined && !NOT_KEPT.includes(name)) headers[name] = value;
  if (args.cls === "page-release") headers["cache-control"] = CACHE_IMMUTABLE;
  if (args.cls === "page-latest") Object.assign(headers, CACHE_LATEST_PAGE);
  if (isHtml(headers)) headers["content-security-policy"] = pageCsp(args.body.toString("utf8"), frameAncestorsOf(String(headers["content-security-policy"] ?? "")));
  const etag = typeof headers.etag === "string" ? headers.etag : `"${createHash("sha256").update(args.body).digest("base64url")}"`;
  headers.vary = "Accept-Encoding";
  const entry: Entry = {
    generation: args.generation,
    identity: { body: args.body, headers: { ...headers, etag, "content-length": args.body.length } },
    etags: [etag],
    bytes: args.body.length,
  };
  if (args.body.length >= 1024 && COMPRESSIBLE.test(String(headers["content-type"] ?? ""))) {
    for (const encoding of ["br", "gzip"] as const) {
      const body = await compressed(args.body, encoding, true);
      if (body.length >= args.body.length) continue;
      const tag = variantTag(etag, encoding);
      entry[encoding] = { body, headers: { ...headers, etag: tag, "content-encoding": encoding, "content-length": body.length } };
      entry.etags.push(tag);
      entry.bytes += body.length;
    }
  }
  return entry;
}

/** Answers a request from an entry: 304 when the reader's ETag is one of its own, else the best encoding the reader takes. */
export function serveEntry(entry: Entry, req: IncomingMessage, res: ServerResponse, request: { acceptEncoding?: string; ifNoneMatch?: string }, hit: boolean): void {
  clearHeaders(res);
  // Said to operators and tests, as CDNs do: this answer came from memory, not from the router.
  if (hit) res.setHeader("x-cache", "hit");
  const encoding = acceptedEncodings(request.acceptEncoding).find((e) => entry[e]);
  const variant = (encoding && entry[encoding]) || entry.identity;
  if (entry.etags.some((tag) => etagMatches(request.ifNoneMatch, tag))) {
    const headers = { ...variant.headers };
    delete headers["content-length"];
    delete headers["content-encoding"];
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, variant.headers);
  res.end(req.method === "HEAD" ? undefined : variant.body);
}

/** Forgets what the framework set on a held response: what is sent is said whole by the front door. */
function clearHeaders(res: ServerResponse): void {
  for (const name of res.getHeaderNames()) res.removeHeader(name);
}

export interface HeldResponse {
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
}

/**
 * Holds a response the framework writes, once its head shows `hold(status,
 * headers)` is true, instead of sending it: resolves with the whole response
 * when the framework ends it (the caller sends it). Otherwise the response goes
 * out untouched, and the promise resolves with null; so it does when the
 * connection closes first.
 */
export function holdResponse(res: ServerResponse, hold: (status: number, headers: OutgoingHttpHeaders) => boolean): Promise<HeldResponse | null> {
  return new Promise((done) => {
    const original = { writeHead: res.writeHead, write: res.write, end: res.end, flushHeaders: res.flushHeaders };
    const restore = () => Object.assign(res, original);
    let resolved = false;
    const resolve = (held: HeldResponse | null) => {
      if (resolved) return;
      resolved = true;
      done(held);
    };
    // The reader went away before the framework finished (a map drops the tiles it no longer shows):
    // the framework may never end this response, so nothing waits for it.
    res.once("close", () => {
      restore();
      resolve(null);
    });
    const chunks: Buffer[] = [];
    let holding: boolean | null = null;
    const toBuffer = (chunk: unknown, encoding?: unknown) =>
      Buffer.isBuffer(chunk)
        ? chunk
        : chunk instanceof Uint8Array
          ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
          : Buffer.from(String(chunk), (typeof encoding === "string" ? encoding : "utf8") as BufferEncoding);
    const decide = () => {
      if (holding === null) res.writeHead(res.statusCode);
    };

    res.writeHead = function (this: ServerResponse, status: number, ...rest: unknown[]) {
      const message = typeof rest[0] === "string" ? rest[0] : undefined;
      const given = rest.find((r) => typeof r === "object" && r !== null);
      if (Array.isArray(given)) {
        const pairs = Array.isArray(given[0]) ? (given as [string, string][]) : given.flatMap((_, i) => (i % 2 ? [] : [[given[i], given[i + 1]] as [string, string]]));
        for (const [name, value] of pairs) this.setHeader(name, value);
      } else if (given) for (const [name, value] of Object.entries(given)) if (value !== undefined) this.setHeader(name, value as string);
      this.statusCode = status;
      holding = hold(status, this.getHeaders());
      if (holding) return this;
      restore();
      resolve(null);
      return message === undefined ? original.writeHead.call(this, status) : (original.writeHead as (s: number, m: string) => ServerResponse).call(this, status, message);
    } as ServerResponse["writeHead"];
    res.flushHeaders = function (this: ServerResponse) {
      decide();
      if (!holding) original.flushHeaders.call(this);
    };
    res.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
      decide();
      if (!holding) return (original.write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
      chunks.push(toBuffer(chunk, rest[0]));
      const callback = rest.find((r) => typeof r === "function") as (() => void) | undefined;
      if (callback) process.nextTick(callback);
      return true;
    } as ServerResponse["write"];
    res.end = function (this: ServerResponse, ...args: unknown[]) {
      decide();
      if (!holding) return (original.end as (...a: unknown[]) => ServerResponse).apply(this, args);
      if (args[0] !== undefined && typeof args[0] !== "function") chunks.push(toBuffer(args[0], args[1]));
      restore();
      resolve({ status: this.statusCode, headers: this.getHeaders(), body: Buffer.concat(chunks) });
      return this;
    } as ServerResponse["end"];
  });
}

/** Sends a held HTML page that is not kept (a workspace page, an error page): with its script policy, compressed for this reader. */
export async function sendPage(res: ServerResponse, held: HeldResponse, acceptEncoding: string | undefined): Promise<void> {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(held.headers)) if (value !== undefined && !NOT_KEPT.includes(name)) headers[name] = value;
  headers["content-security-policy"] = pageCsp(held.body.toString("utf8"), frameAncestorsOf(String(held.headers["content-security-policy"] ?? "")));
  headers.vary = "Accept-Encoding";
  let body = held.body;
  const encoding = body.length >= 1024 ? acceptedEncodings(acceptEncoding)[0] : undefined;
  if (encoding) {
    body = await compressed(body, encoding, false);
    headers["content-encoding"] = encoding;
  }
  headers["content-length"] = body.length;
  clearHeaders(res);
  res.writeHead(held.status, headers);
  res.end(body);
}

/** The public generation, read through the reader lib/publish/public-generation.server.ts registers, at most every `ttlMs`. */
function generationTracker(ttlMs: number) {
  let value: number | null = null;
  let checkedAt = -Infinity;
  let reading: Promise<number | null> | null = null;
  const reader = () => (globalThis as Record<symbol, unknown>)[Symbol.for("sitewatch.publicGeneration")] as (() => Promise<number>) | undefined;
  return {
    /** Forget the last reading: the next request reads the generation again (this process published a release). */
    expire(): void {
      checkedAt = -Infinity;
    },
    /** The generation now, or null when it cannot be known (no public route has loaded yet; the database is down). */
    current(): Promise<number | null> {
      if (performance.now() - checkedAt < ttlMs) return Promise.resolve(value);
      const read = reader();
      if (!read) return Promise.resolve(null);
      reading ??= read()
        .then(
          (v) => {
            value = v;
            checkedAt = performance.now();
            return v;
          },
          () => {
            value = null;
            return null;
          },
        )
        .finally(() => {
          reading = null;
        });
      return reading;
    },
  };
}

export interface FrontDoorOptions {
  /** Memory for kept responses, all encodings counted. */
  maxBytes: number;
  /** How long a read of the public generation is trusted: another web server's release shows here within this. */
  generationTtlMs?: number;
}

export interface FrontDoorRequest {
  /** scheme://host as the client used it (server.mjs decides, from the socket or a trusted proxy). */
  origin: string;
}

export function createFrontDoor(options: FrontDoorOptions) {
  const kept = new ByteLru<Entry>(options.maxBytes);
  const filling = new Map<string, Promise<Entry | null>>();
  const generation = generationTracker(options.generationTtlMs ?? 250);
  // A release published by this process (lib/publish/public-generation.server.ts) shows on its next request.
  (globalThis as Record<symbol, unknown>)[Symbol.for("sitewatch.publicGenerationMoved")] = () => generation.expire();
  const sessionPattern = new RegExp(`(^|;\\s*)${SESSION_COOKIE}=`);

  async function valid(entry: Entry): Promise<boolean> {
    return entry.generation === "immutable" || entry.generation === (await generation.current());
  }

  /** Handles the request, or hands it to `next` (the framework), holding the response when there is something to do with it. */
  return async function frontDoor(req: IncomingMessage, res: ServerResponse, request: FrontDoorRequest, next: () => void): Promise<void> {
    const url = req.url ?? "/";
    // The framework's own files and its client-side navigation payloads go straight through.
    if (url.startsWith("/_next/") || req.headers.rsc !== undefined || /[?&]_rsc=/.test(url)) return next();
    const acceptEncoding = req.headers["accept-encoding"];
    const ifNoneMatch = req.headers["if-none-match"];
    const readable = (req.method === "GET" || req.method === "HEAD") && req.headers.range === undefined;
    const cls = readable ? publicUrlClass(url.split("?")[0]!) : null;
    const key = `${request.origin}${url}`;
    // A signed-in reader is answered from memory but never fills it: what is kept is what anybody would be sent.
    const signedIn = sessionPattern.test(req.headers.cookie ?? "");

    if (cls) {
      const hit = kept.get(key);
      if (hit && (await valid(hit))) return serveEntry(hit, req, res, { acceptEncoding, ifNoneMatch }, true);
      const pending = filling.get(key);
      if (pending) {
        const entry = await pending;
        if (entry) return serveEntry(entry, req, res, { acceptEncoding, ifNoneMatch }, true);
      }
    }
    const fills = cls !== null && req.method === "GET" && !signedIn;
    const page = req.method === "GET" && (fills || /text\/html/.test(req.headers.accept ?? "") || req.headers["sec-fetch-dest"] === "document");
    if (!fills && !page) return next();

    // The framework sends this one whole and uncompressed; the front door compresses it, and answers 304 from the entry.
    delete req.headers["accept-encoding"];
    let settle: (entry: Entry | null) => void = () => undefined;
    if (fills) {
      delete req.headers["if-none-match"];
      delete req.headers["if-modified-since"];
      filling.set(
        key,
        new Promise<Entry | null>((resolve) => {
          settle = resolve;
        }),
      );
    }
    try {
      const at = cls === "page-release" ? "immutable" : await generation.current();
      const keepable = (status: number, headers: OutgoingHttpHeaders) =>
        fills &&
        status === 200 &&
        headers["set-cookie"] === undefined &&
        headers["content-encoding"] === undefined &&
        (cls === "data" ? headers[FAST_PATH_HEADER] === "immutable" || headers[FAST_PATH_HEADER] === "latest" : isHtml(headers));
      const holding = holdResponse(res, (status, headers) => keepable(status, headers) || isHtml(headers));
      next();
      const held = await holding;
      if (!held) return;
      if (!keepable(held.status, held.headers)) return await sendPage(res, held, acceptEncoding);
      const generationOfEntry = cls === "data" && held.headers[FAST_PATH_HEADER] === "immutable" ? "immutable" : at;
      const entry = await buildEntry({ cls: cls!, headers: held.headers, body: held.body, generation: generationOfEntry ?? -1 });
      // A latest response whose generation is unknown is sent, not kept.
      if (generationOfEntry !== null && entry.bytes <= options.maxBytes / 8) kept.set(key, entry, entry.bytes);
      settle(entry);
      serveEntry(entry, req, res, { acceptEncoding, ifNoneMatch }, false);
    } finally {
      settle(null);
      if (fills) filling.delete(key);
    }
  };
}
