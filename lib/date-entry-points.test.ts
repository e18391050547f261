// Every place a date comes in reads it with lib/dates.ts: a date that does not
// exist is refused naming the field (or, in a page's URL, ignored), never
// rolled over to the next month. The CLI's --acquired is in tests/db/cli-dates.test.ts.
import { describe, expect, it } from "vitest";
import { SourceInput } from "./annotations/annotation.schema";
import { ItemsQuery } from "./publish/public-ogc";
import { parseSiteFilters } from "./publish/site-filters";
import { parseTimelineParams } from "./publish/timeline-params";
import { SceneMetadataInput } from "./scenes/scene.schema";

const scene = (acquiredAt: string) => SceneMetadataInput.safeParse({ acquiredAt, license: "CC-BY-4.0", attribution: "someone" });

describe("scene metadata acquiredAt (upload form, CLI, API)", () => {
  it("refuses 2024-02-30, naming the field and why", () => {
    const issue = scene("2024-02-30").error?.issues[0];
    expect(issue?.path).toEqual(["acquiredAt"]);
    expect(issue?.message).toBe("2024-02-30 is not a real date (February 2024 has 29 days)");
    expect(scene("2024-02-30T10:00:00Z").success).toBe(false);
    expect(scene("2023-06-31").success).toBe(false);
  });

  it("keeps a real date and a date-time as written", () => {
    expect(scene("2024-02-29").data?.acquiredAt.toISOString()).toBe("2024-02-29T00:00:00.000Z");
    expect(scene(" 2024-02-29T10:42:00+01:00 ").data?.acquiredAt.toISOString()).toBe("2024-02-29T09:42:00.000Z");
  });
});

describe("a source's accessedAt", () => {
  it("refuses a date that does not exist", () => {
    const r = SourceInput.safeParse({ title: "a report", url: "https://example.org/r", accessedAt: "2024-02-30" });
    expect(r.error?.issues[0]?.path).toEqual(["accessedAt"]);
    expect(r.error?.issues[0]?.message).toMatch(/not a real date/);
  });
});

describe("OGC API items `datetime`", () => {
  const q = (datetime: string) => () => ItemsQuery.parse({ datetime });
  it.each(["2024-02-30", "2024-02-30T00:00:00Z", "2024-02-30/..", "../2023-02-29", "2024-01-01/2024-04-31T00:00:00Z"])("refuses %s naming datetime", (d) => {
    expect(q(d)).toThrow(/^datetime: .*not a real date/);
  });

  it("reads real dates, whole days, and open ends", () => {
    expect(ItemsQuery.parse({ datetime: "2024-02-29" }).datetime).toEqual({ start: Date.parse("2024-02-29T00:00:00Z"), end: Date.parse("2024-02-29T23:59:59.999Z") });
    expect(ItemsQuery.parse({ datetime: "2024-02-29T12:00:00+02:00/.." }).datetime).toEqual({ start: Date.parse("2024-02-29T10:00:00Z"), end: Infinity });
  });
});

describe("page URLs (malformed values are ignored, the page still opens)", () => {
  it("the timeline's ?date= and ?compare= ignore a date that does not exist", () => {
    expect(parseTimelineParams({ date: "2024-02-30", compare: "2024-02-29" }).initial).toMatchObject({ date: null, compare: "2024-02-29" });
  });

  it("the map's ?from= and ?to= ignore a date that does not exist", () => {
    expect(parseSiteFilters({ from: "2023-02-29", to: "2024-02-29" })).toMatchObject({ from: undefined, to: "2024-02-29" });
  });
});
