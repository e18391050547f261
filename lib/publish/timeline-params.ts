// The timeline's view in a URL: ?date=YYYY-MM-DD&compare=YYYY-MM-DD&swipe=0.30&lon=&lat=&z=&embed=1.
// Anything malformed is ignored (the page opens at its default view) rather than refused:
// a reader following an old or mangled link still gets the site.
import { z } from "zod";
import { IsoDay } from "../dates";
import type { TimelineInitial } from "./timeline";

/** A date that exists (2024-02-30 is ignored like any other malformed value, never read as 2024-03-01). */
const day = IsoDay;
const Params = z.object({
  date: day.optional().catch(undefined),
  compare: day.optional().catch(undefined),
  swipe: z.coerce.number().min(0).max(1).optional().catch(undefined),
  lon: z.coerce.number().min(-180).max(180).optional().catch(undefined),
  lat: z.coerce.number().min(-85).max(85).optional().catch(undefined),
  z: z.coerce.number().min(0).max(22).optional().catch(undefined),
  embed: z.enum(["1", "true"]).optional().catch(undefined),
});

type Raw = Record<string, string | string[] | undefined>;

export function parseTimelineParams(raw: Raw): { initial: TimelineInitial; embed: boolean } {
  const first = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const p = Params.parse(first);
  const view = p.lon !== undefined && p.lat !== undefined && p.z !== undefined ? { lon: p.lon, lat: p.lat, zoom: p.z } : null;
  return { initial: { date: p.date ?? null, compare: p.compare ?? null, swipe: p.swipe ?? null, view }, embed: p.embed !== undefined };
}
