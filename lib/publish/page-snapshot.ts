// What a public page carries of its release snapshot. A site with a few dozen
// changes travels whole inside the page; a large one (a thousand changes is
// megabytes of geometry and text) sends only the first screen of its event list
// and the browser reads the rest from the release's own JSON document
// (immutable, cached, pre-compressed), so the page stays small enough to be
// answered in milliseconds at viral load. Pure; the page and its tests use it.
import type { PublicChange, ReleaseSnapshot } from "../releases/release-snapshot";
import { releaseDocumentPath } from "./public-exports";

/** Changes whose JSON is at most this many bytes travel inside the page. */
export const INLINE_CHANGES_BYTES = 64_000;
/** Otherwise, this many (the first of the event list) travel inside it, enough for a first screen. */
export const FIRST_SCREEN_CHANGES = 12;

/** The event list's order: by the end of the detection window, then its start. */
export function eventOrder(a: Pick<PublicChange, "detectedBy" | "detectedAfter">, b: Pick<PublicChange, "detectedBy" | "detectedAfter">): number {
  return a.detectedBy.localeCompare(b.detectedBy) || a.detectedAfter.localeCompare(b.detectedAfter);
}

/** The timeline's part of a snapshot (the changelog and history are drawn on the server and stay there). */
export type TimelineSnapshot = Omit<ReleaseSnapshot, "changelog">;

export interface PageSnapshot {
  snapshot: TimelineSnapshot;
  /** Null when `snapshot.changes` is every change; otherwise how many there are and where the browser reads them all. */
  rest: { total: number; url: string } | null;
}

export function pageSnapshot(snapshot: ReleaseSnapshot, budgetBytes = INLINE_CHANGES_BYTES): PageSnapshot {
  const { changelog: _drawnOnTheServer, ...timeline } = snapshot;
  if (snapshot.changes.length <= FIRST_SCREEN_CHANGES || JSON.stringify(snapshot.changes).length <= budgetBytes) return { snapshot: timeline, rest: null };
  const first = [...snapshot.changes].sort(eventOrder).slice(0, FIRST_SCREEN_CHANGES);
  return {
    snapshot: { ...timeline, changes: first },
    rest: { total: snapshot.changes.length, url: releaseDocumentPath({ slug: snapshot.site.slug, releaseNumber: snapshot.release.number }) },
  };
}
