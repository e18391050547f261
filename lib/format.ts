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

/** A rule's message ("the before scene must …") as a sentence for a page: capital first, full stop at the end. */
export function asSentence(message: string): string {
  const s = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}
