import { describe, expect, it } from "vitest";
import type { PublicChange, PublicScene } from "../releases/release-snapshot";
import { timelineQuery, areaOverTime, changeStateAt, dateIndex, timelineDates } from "./timeline";
import { filterSites, parseSiteFilters } from "./site-filters";
import { parseTimelineParams } from "./timeline-params";

const scene = (id: string, acquiredAt: string, publicDisplay = true) => ({ id, acquiredAt, publicDisplay }) as PublicScene;
const change = (changeType: string, detectedAfter: string, detectedBy: string, areaM2: number) =>
  ({ changeType, changeTypeLabel: changeType, detectedAfter, detectedBy, areaM2 }) as PublicChange;

describe("the timeline of a release", () => {
  const scenes = [scene("c", "2005-03-01T10:00:00Z"), scene("a", "2001-07-15T12:30:00Z"), scene("b1", "2003-08-02T09:00:00Z", false), scene("b2", "2003-08-02T13:00:00Z")];
  it("has one date per image day, in order, showing a scene whose licence allows display", () => {
    const dates = timelineDates(scenes);
    expect(dates.map((d) => d.date)).toEqual(["2001-07-15", "2003-08-02", "2005-03-01"]);
    expect(dates[1]!.scene.id).toBe("b2");
    expect(dates[1]!.scenes).toHaveLength(2);
    expect(dateIndex({ dates, wanted: "2003-08-02" })).toBe(1);
    expect(dateIndex({ dates, wanted: "1999-01-01" })).toBe(2); // unknown → latest
    expect(dateIndex({ dates, wanted: null })).toBe(2);
  });
  it("shows a change from the image it was detected on: bold that day, earlier after, hidden before", () => {
    const c = change("demolition", "2001-07-15T12:30:00Z", "2003-08-02T13:00:00Z", 100);
    expect([changeStateAt({ change: c, date: "2001-07-15" }), changeStateAt({ change: c, date: "2003-08-02" }), changeStateAt({ change: c, date: "2005-03-01" })]).toEqual([
      "later",
      "now",
      "earlier",
    ]);
  });
  it("sums changed area by type, cumulatively, at each date", () => {
    const s = areaOverTime({
      scenes,
      changes: [change("demolition", "2001-07-15", "2003-08-02", 100), change("demolition", "2003-08-02", "2005-03-01", 50), change("construction", "2001-07-15", "2005-03-01", 7)],
    });
    expect(s.types.map((t) => t.key)).toEqual(["construction", "demolition"]);
    expect(s.cumulativeM2).toEqual({ construction: [0, 0, 7], demolition: [0, 100, 150] });
  });
});

describe("view and filter parameters", () => {
  it("restores a view from the URL and ignores what is malformed", () => {
    expect(parseTimelineParams({ date: "2003-08-02", compare: "2001-07-15", lon: "-34.87", lat: "-8.01", z: "14.5", embed: "1" })).toEqual({
      initial: { date: "2003-08-02", compare: "2001-07-15", swipe: null, view: { lon: -34.87, lat: -8.01, zoom: 14.5 } },
      embed: true,
    });
    expect(parseTimelineParams({ date: "yesterday", lon: "999", lat: "1", z: "3" })).toEqual({ initial: { date: null, compare: null, swipe: null, view: null }, embed: false });
  });
  it("filters sites by text (accents folded), kind, country or region, status and a change date range", () => {
    const site = (slug: string, p: Record<string, unknown>) =>
      ({
        properties: {
          slug,
          name: slug,
          kind: "settlement",
          qualifier: "confirmed",
          country: "Myanmar",
          region: "Rakhine",
          publicSummary: "",
          changesFrom: "2017-08-01T00:00:00Z",
          changesTo: "2017-09-30T00:00:00Z",
          ...p,
        },
      }) as never;
    const sites = [
      site("a", { name: "Tula Toli" }),
      site("b", { kind: "camp", country: "Bangladesh", region: "Cox's Bazar", changesFrom: "2018-01-01T00:00:00Z", changesTo: "2019-01-01T00:00:00Z" }),
      site("c", { name: "Olinda", country: "Brazil", region: "", qualifier: "potential", changesFrom: null, changesTo: null }),
    ];
    const slugs = (raw: Record<string, string>) => filterSites({ sites, filters: parseSiteFilters(raw) }).map((s: { properties: { slug: string } }) => s.properties.slug);
    expect(slugs({ q: "tulá" })).toEqual(["a"]);
    expect(slugs({ kind: "camp" })).toEqual(["b"]);
    expect(slugs({ country: "rakhine" })).toEqual(["a"]);
    expect(slugs({ qualifier: "potential" })).toEqual(["c"]);
    expect(slugs({ from: "2017-09-15", to: "2017-12-31" })).toEqual(["a"]);
    expect(slugs({ from: "2018-06-01" })).toEqual(["b"]);
    expect(slugs({ from: "not a date" })).toEqual(["a", "b", "c"]);
  });
});

describe("a timeline view in the address and back", () => {
  it("reads back what the page writes: dates, the swipe line, the centre to six decimals, the zoom to two, embed", () => {
    const view = { date: "2003-08-02", compare: "2001-07-15", swipe: 0.3, view: { lon: -34.8712346, lat: -8.0098765, zoom: 14.256 } };
    const query = timelineQuery({ ...view, embed: true });
    expect(new URLSearchParams(query).get("swipe")).toBe("0.30");
    const back = parseTimelineParams(Object.fromEntries(new URLSearchParams(query)));
    expect(back).toEqual({ initial: { date: "2003-08-02", compare: "2001-07-15", swipe: 0.3, view: { lon: -34.871235, lat: -8.009877, zoom: 14.26 } }, embed: true });
    expect(parseTimelineParams(Object.fromEntries(new URLSearchParams(timelineQuery({ date: null, compare: null, swipe: null, view: null, embed: false }))))).toEqual({
      initial: { date: null, compare: null, swipe: null, view: null },
      embed: false,
    });
    // The middle is the default, so it is left out; a swipe without a compare date means nothing; out of range is ignored.
    expect(timelineQuery({ date: "2003-08-02", compare: "2001-07-15", swipe: 0.5, view: null, embed: false })).not.toContain("swipe");
    expect(timelineQuery({ date: "2003-08-02", compare: null, swipe: 0.2, view: null, embed: false })).not.toContain("swipe");
    expect(parseTimelineParams({ swipe: "1.5" }).initial.swipe).toBeNull();
  });
});
