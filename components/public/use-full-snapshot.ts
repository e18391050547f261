"use client";
// The whole timeline snapshot of a release whose page carried only the first
// screen of its changes (lib/publish/page-snapshot.ts): read once from the
// release's immutable JSON document, which the browser and any CDN cache.
import { useCallback, useEffect, useState } from "react";
import type { PageSnapshot, TimelineSnapshot } from "@/lib/publish/page-snapshot";
import type { PublicSiteView } from "@/lib/publish/public-views";

export interface FullSnapshot {
  snapshot: TimelineSnapshot;
  /** Every change is in `snapshot`. */
  complete: boolean;
  /** Why the rest could not be read, for the reader; null while reading or once read. */
  error: string | null;
  retry: () => void;
}

export function useFullSnapshot(page: PageSnapshot): FullSnapshot {
  const [full, setFull] = useState<TimelineSnapshot | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const url = page.rest?.url ?? null;
  useEffect(() => {
    if (url === null) return;
    let live = true;
    setError(null);
    fetch(url)
      .then((r) => (r.ok ? (r.json() as Promise<PublicSiteView>) : Promise.reject(new Error(`the server answered ${r.status}`))))
      .then((view) => {
        const { changelog: _unused, ...timeline } = view.snapshot;
        if (live) setFull(timeline);
      })
      .catch((e: unknown) => live && setError(e instanceof Error && e.message.startsWith("the server") ? e.message : "the network failed"));
    return () => {
      live = false;
    };
  }, [url, attempt]);
  const retry = useCallback(() => setAttempt((a) => a + 1), []);
  if (page.rest === null) return { snapshot: page.snapshot, complete: true, error: null, retry };
  return { snapshot: full ?? page.snapshot, complete: full !== null, error, retry };
}
