"use client";
// What later releases did to the changes of the release on screen, read in the
// browser from the site's release history (a release's own page is frozen, so
// it cannot say). One request per site per page, shared by every caller.
import { useEffect, useState } from "react";
import { laterCorrections, type LaterCorrections } from "@/lib/publish/later-corrections";
import type { PublicReleaseSummary } from "@/lib/publish/public-views";

const histories = new Map<string, Promise<PublicReleaseSummary[]>>();

function historyOf(slug: string): Promise<PublicReleaseSummary[]> {
  let pending = histories.get(slug);
  if (!pending) {
    // Asked of the server each time (a 304 when nothing changed): a correction published a minute ago must show.
    pending = fetch(`/api/public/sites/${encodeURIComponent(slug)}/releases`, { cache: "no-cache" })
      .then((r) => (r.ok ? (r.json() as Promise<{ releases: PublicReleaseSummary[] }>) : Promise.reject(new Error(`HTTP ${r.status}`))))
      .then((body) => body.releases);
    pending.catch(() => histories.delete(slug));
    histories.set(slug, pending);
  }
  return pending;
}

/** Null while it is being read (or when `release` is null: the latest page, which nothing later corrects). */
export function useLaterCorrections(release: { slug: string; number: number } | null): LaterCorrections | null {
  const [later, setLater] = useState<LaterCorrections | null>(null);
  const slug = release?.slug;
  const number = release?.number;
  useEffect(() => {
    if (slug === undefined || number === undefined) return;
    let live = true;
    historyOf(slug)
      .then((history) => live && setLater(laterCorrections(history, number)))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [slug, number]);
  return later;
}
