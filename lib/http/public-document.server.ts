// A public document's response (site JSON, GeoJSON, CSV, STAC): cached as
// lib/http/public-cache.ts says, with a strong ETag made from its bytes, so two
// web servers give one release the same ETag, and 304 to a reader who has it.
import { createHash } from "node:crypto";
import { CACHE_IMMUTABLE, CACHE_LATEST_DOCUMENT, etagMatches, fastPathHeader } from "./cache-control";

export function strongEtag(body: string | Uint8Array): string {
  return `"${createHash("sha256").update(body).digest("base64url")}"`;
}

/** `pinned`: the URL names its release (`?release=n`), so it never changes. */
export function publicDocument(request: Request, body: string, { pinned, headers }: { pinned: boolean; headers: Record<string, string> }): Response {
  const etag = strongEtag(body);
  const cache = { ETag: etag, "Cache-Control": pinned ? CACHE_IMMUTABLE : CACHE_LATEST_DOCUMENT, Vary: "Accept-Encoding" };
  if (etagMatches(request.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers: cache });
  return new Response(body, { headers: { ...headers, ...cache, ...fastPathHeader(pinned) } });
}
