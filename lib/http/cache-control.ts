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

/** Whether an If-None-Match header names `etag` (weak comparison, as RFC 9110 asks for If-None-Match; `*` matches any). */
export function etagMatches(ifNoneMatch: string | null | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((tag) => tag.trim() === "*" || opaque(tag) === opaque(etag));
}
