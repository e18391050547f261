// Which state of the public site a reader sees: the number of releases ever
// published. Public reads are pure functions of the release table, which only
// grows, so a result computed at one generation stays right until the next.
// Registered on globalThis for server.mjs's front door (lib/http/front-door.ts),
// which keeps public responses in memory and must know when they go stale.
import { db } from "../db.server";

/** The key under which the front door finds the reader; the same symbol in every bundle and in server.mjs. */
export const PUBLIC_GENERATION_READER = Symbol.for("sitewatch.publicGeneration");

export function publicGeneration(): Promise<number> {
  return db.release.count();
}

(globalThis as Record<symbol, unknown>)[PUBLIC_GENERATION_READER] = publicGeneration;

/**
 * Called once a release is committed: this process's front door drops its
 * "latest" responses at once (other web servers see the new generation within
 * their next read of it, a quarter of a second at most).
 */
export function publicGenerationMoved(): void {
  const moved = (globalThis as Record<symbol, unknown>)[Symbol.for("sitewatch.publicGenerationMoved")];
  if (typeof moved === "function") moved();
}
