// How public documents and tiles are cached by browsers and CDNs: a URL that
// names a release (`?release=n`, a tile's `?r=`) never changes meaning and is
// cached for a year as immutable; a "latest" URL is cached briefly and served
// stale while it is revalidated. Both carry an ETag, and a conditional request
// whose ETag still matches is answered 304 with no body. (Which URLs other
// sites' maps and notebooks may read, CORS, is said in next.config.js.)
export const CACHE_IMMUTABLE = "public, max-age=31536000, immutable";

/** A "latest" URL: `maxAge` seconds fresh, then up to a day served stale while a cache revalidates it. */
export function latestCacheControl(maxAge: number): string {
  return `public, max-age=${maxAge}, stale-while-revalidate=86400`;
}

/** The latest release of a site's documents: a new release shows within a minute. */
export const CACHE_LATEST_DOCUMENT = latestCacheControl(60);

/**
 * A "latest" page (/sites/:slug, /): a browser asks again each time (a 304
 * from the server's memory when nothing changed), so an editor who has just
 * published, and every reader after, sees the new release at once; a CDN
 * (RFC 9213 CDN-Cache-Control) keeps it a minute and serves it stale while it
 * revalidates, as it does the documents.
 */
export const CACHE_LATEST_PAGE = { "cache-control": "public, no-cache", "cdn-cache-control": CACHE_LATEST_DOCUMENT } as const;

/** Whether an If-None-Match header names `etag` (weak comparison, as RFC 9110 asks for If-None-Match; `*` matches any). */
export function etagMatches(ifNoneMatch: string | null | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((tag) => tag.trim() === "*" || opaque(tag) === opaque(etag));
}

/**
 * Internal response header of a public 200 that server.mjs's front door may
 * keep and answer before the router (lib/http/front-door.ts): "immutable" (a
 * release's own URL) or "latest" (right until the next release). The front door
 * removes it; no client sees it.
 */
export const FAST_PATH_HEADER = "x-sitewatch-fast-path";

export function fastPathHeader(pinned: boolean): Record<string, string> {
  return { [FAST_PATH_HEADER]: pinned ? "immutable" : "latest" };
}
