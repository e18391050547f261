// Filters of the public map of sites, from the URL: text, kind, country or
// region, public qualifier, and a date range that a site's changes must touch.
// Malformed values are dropped, not refused: the page still opens. Pure.
import { z } from "zod";
import { IsoDay } from "../dates";
import type { PublishedSiteProperties } from "./public-views";

/** A date that exists (lib/dates.ts); anything else is dropped like other malformed values. */
const day = IsoDay.optional().catch(undefined);
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .catch(undefined)
    .transform((s) => s || undefined);

export const SiteFilters = z.object({
  q: text(200),
  kind: text(60),
  country: text(100),
  qualifier: text(40),
  from: day,
  to: day,
});
export type SiteFilters = z.output<typeof SiteFilters>;

export function parseSiteFilters(raw: Record<string, string | string[] | undefined>): SiteFilters {
  return SiteFilters.parse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
}

const fold = (s: string) =>
  s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();

/** "country" matches the country or the region; the date range keeps sites with a change whose detection window overlaps it. */
export function filterSites<T extends { properties: PublishedSiteProperties }>({ sites, filters: f }: { sites: T[]; filters: SiteFilters }): T[] {
  const q = f.q ? fold(f.q) : null;
  return sites.filter(({ properties: p }) => {
    if (f.kind && p.kind !== f.kind) return false;
    if (f.qualifier && p.qualifier !== f.qualifier) return false;
    if (f.country && fold(p.country) !== fold(f.country) && fold(p.region) !== fold(f.country)) return false;
    if ((f.from || f.to) && (!p.changesFrom || !p.changesTo)) return false;
    if (f.from && p.changesTo!.slice(0, 10) < f.from) return false;
    if (f.to && p.changesFrom!.slice(0, 10) > f.to) return false;
    if (q && !fold(`${p.name} ${p.country} ${p.region} ${p.publicSummary} ${p.kind.replaceAll("_", " ")}`).includes(q)) return false;
    return true;
  });
}

export function hasFilters(f: SiteFilters): boolean {
  return Object.values(f).some(Boolean);
}
