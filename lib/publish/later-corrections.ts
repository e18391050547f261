// What releases after release n did to its changes: the notes beside each change
// ("Retracted in release 5: …", "Corrected in release 4 (description)") and the
// changes to draw apart as retracted. Pure: a release's own page is frozen, and
// the browser works this out from the site's release history.
import type { PublicReleaseSummary } from "./public-views";

export interface LaterCorrections {
  /** The site's latest release. */
  latestNumber: number;
  /** Change id → what later releases did to it, oldest first. */
  notes: Record<string, string[]>;
  /** Changes of release n that a later release retracted. */
  retracted: string[];
}

/** `history`: every release of the site, newest first (GET /api/public/sites/:slug/releases). */
export function laterCorrections(history: readonly PublicReleaseSummary[], releaseNumber: number): LaterCorrections {
  const notes: Record<string, string[]> = {};
  const retracted: string[] = [];
  for (const h of [...history].reverse().filter((x) => x.number > releaseNumber)) {
    for (const r of h.changelog?.retracted ?? []) {
      (notes[r.id] ??= []).push(`Retracted in release ${h.number}${r.note ? `: “${r.note}”` : ""}`);
      retracted.push(r.id);
    }
    for (const r of h.changelog?.revised ?? []) (notes[r.id] ??= []).push(`Corrected in release ${h.number} (${r.fields.join(", ")})`);
  }
  return { latestNumber: history[0]?.number ?? releaseNumber, notes, retracted };
}
