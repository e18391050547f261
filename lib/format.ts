// Formatting shared by pages. Dates are shown as ISO 8601 in UTC, as cited.

/** "2001-07-05" from an ISO date-time (UTC). */
export function formatDate(iso: string | Date): string {
  return (typeof iso === "string" ? iso : iso.toISOString()).slice(0, 10);
}

/** "2001-07-05 14:03 UTC". */
export function formatDateTime(iso: string | Date): string {
  const s = typeof iso === "string" ? iso : iso.toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 16)} UTC`;
}

/** A geodesic area for people: square metres below a hectare, hectares above. */
export function formatArea(areaM2: number): string {
  if (areaM2 < 10_000) return `${Math.round(areaM2).toLocaleString("en")} m²`;
  return `${(areaM2 / 10_000).toLocaleString("en", { maximumFractionDigits: 2 })} ha`;
}

/** A distance for people: metres below a kilometre, kilometres above ("850 m", "12.4 km"). */
export function formatDistance(metres: number): string {
  if (metres < 1000) return `${Math.round(metres).toLocaleString("en")} m`;
  return `${(metres / 1000).toLocaleString("en", { maximumFractionDigits: metres < 100_000 ? 1 : 0 })} km`;
}

/** A rule's message ("the before scene must …") as a sentence for a page: capital first, full stop at the end. */
export function asSentence(message: string): string {
  const s = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}
