/**
 * Where to go after signing in: only a path on this site. "//host", "/\host"
 * and anything with a scheme or a backslash would let a crafted link bounce a
 * freshly signed-in person to another site.
 */
export function safeReturnPath({ next, fallback = "/workspace" }: { next: string | undefined | null; fallback?: string }): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || /[\\\u0000-\u001f]/.test(next)) return fallback;
  return next;
}
