// The public timeline of one release: the dates readers can step through (one
// per public scene date), which changes had been detected by a date, and the
// changed area over time by type. Pure; used by the page and its tests.
import type { PublicChange, PublicScene, ReleaseSnapshot } from "../releases/release-snapshot";

/** Where a public map looks: EPSG:4326 centre and Web Mercator zoom. */
export interface MapViewState {
  lon: number;
  lat: number;
  zoom: number;
}

/** The timeline's opening state, from its URL (timeline-params.ts). Dates are YYYY-MM-DD (UTC). */
export interface TimelineInitial {
  date: string | null;
  compare: string | null;
  /** Where the swipe line between the compare date (left) and the date (right) is, 0..1 of the map's width. */
  swipe: number | null;
  view: MapViewState | null;
}

/**
 * The query string of a timeline view (`date=&compare=&swipe=&lon=&lat=&z=&embed=1`; swipe only when it is not the middle), the one timeline-params.ts reads
 * back: dates YYYY-MM-DD, the centre to six decimals (about 10 cm), the zoom to two.
 */
export function timelineQuery(args: TimelineInitial & { embed: boolean }): string {
  const p = new URLSearchParams();
  if (args.date) p.set("date", args.date);
  if (args.compare) p.set("compare", args.compare);
  if (args.compare && args.swipe !== null && args.swipe !== 0.5) p.set("swipe", args.swipe.toFixed(2));
  if (args.view) {
    p.set("lon", args.view.lon.toFixed(6));
    p.set("lat", args.view.lat.toFixed(6));
    p.set("z", args.view.zoom.toFixed(2));
  }
  if (args.embed) p.set("embed", "1");
  return p.toString();
}

export interface TimelineDate {
  /** YYYY-MM-DD (UTC). */
  date: string;
  /** The scene whose tiles show this date (one whose licence allows display, if any). */
  scene: PublicScene;
  /** Every scene acquired that day. */
  scenes: PublicScene[];
}

export const dayOf = (iso: string) => iso.slice(0, 10);

export function timelineDates(scenes: PublicScene[]): TimelineDate[] {
  const byDay = new Map<string, PublicScene[]>();
  for (const s of [...scenes].sort((a, b) => a.acquiredAt.localeCompare(b.acquiredAt))) {
    const list = byDay.get(dayOf(s.acquiredAt)) ?? [];
    list.push(s);
    byDay.set(dayOf(s.acquiredAt), list);
  }
  return [...byDay].map(([date, list]) => ({ date, scenes: list, scene: list.find((s) => s.publicDisplay) ?? list[0]! }));
}

/** "now": detected on this date's image; "earlier": before it; "later": not yet seen by this date. */
export type ChangeState = "now" | "earlier" | "later";

/** The change's state on `date` (a day, YYYY-MM-DD). */
export function changeStateAt({ change, date }: { change: Pick<PublicChange, "detectedBy">; date: string }): ChangeState {
  const by = dayOf(change.detectedBy);
  return by === date ? "now" : by < date ? "earlier" : "later";
}

/** The index of `wanted` among the dates, or the latest date if absent or unknown. */
export function dateIndex({ dates, wanted }: { dates: TimelineDate[]; wanted: string | null | undefined }): number {
  const i = wanted ? dates.findIndex((d) => d.date === wanted) : -1;
  return i >= 0 ? i : dates.length - 1;
}

export interface AreaSeries {
  /** The timeline's dates. */
  dates: string[];
  /** Change types present, with their label. */
  types: { key: string; label: string }[];
  /** Per type, cumulative geodesic area (m²) of its changes detected by each date. */
  cumulativeM2: Record<string, number[]>;
}

export function areaOverTime(snapshot: Pick<ReleaseSnapshot, "changes" | "scenes">): AreaSeries {
  const dates = timelineDates(snapshot.scenes).map((d) => d.date);
  const labels = new Map<string, string>();
  for (const c of snapshot.changes) labels.set(c.changeType, c.changeTypeLabel);
  const types = [...labels].map(([key, label]) => ({ key, label })).sort((a, b) => a.label.localeCompare(b.label));
  const cumulativeM2: Record<string, number[]> = {};
  for (const t of types) {
    cumulativeM2[t.key] = dates.map((d) => snapshot.changes.filter((c) => c.changeType === t.key && dayOf(c.detectedBy) <= d).reduce((sum, c) => sum + c.areaM2, 0));
  }
  return { dates, types, cumulativeM2 };
}
