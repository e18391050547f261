// The one strict date reader: dates that do not exist are refused, never rolled over.
import { describe, expect, it } from "vitest";
import { IsoDay, parseIsoDate, parseIsoDateTime } from "./dates";

const iso = (r: ReturnType<typeof parseIsoDateTime>) => (r.ok ? r.date.toISOString() : r.problem);

describe("parseIsoDate", () => {
  it.each([
    ["2024-02-29", "2024-02-29T00:00:00.000Z"],
    ["2000-02-29", "2000-02-29T00:00:00.000Z"],
    ["2023-12-31", "2023-12-31T00:00:00.000Z"],
    ["0050-06-01", "0050-06-01T00:00:00.000Z"],
  ])("%s exists", (text, expected) => expect(iso(parseIsoDate(text))).toBe(expected));

  it.each([
    ["2024-02-30", "2024-02-30 is not a real date (February 2024 has 29 days)"],
    ["2023-02-29", "2023-02-29 is not a real date (February 2023 has 28 days)"],
    ["1900-02-29", "1900-02-29 is not a real date (February 1900 has 28 days)"],
    ["2024-04-31", "2024-04-31 is not a real date (April 2024 has 30 days)"],
    ["2024-13-01", "2024-13-01 is not a real date (there is no month 13)"],
    ["2024-00-10", "2024-00-10 is not a real date (there is no month 0)"],
    ["2024-01-00", "2024-01-00 is not a real date (January 2024 has 31 days)"],
    ["0000-01-01", "0000-01-01 is not a real date (years start at 0001)"],
  ])("%s is refused", (text, problem) => expect(parseIsoDate(text)).toEqual({ ok: false, problem }));

  it.each(["2024-2-3", "20240203", "2024/02/03", " 2024-02-03", "2024-02-03x", "", "31/12/2024"])("%j is not in the YYYY-MM-DD shape", (text) => {
    expect(parseIsoDate(text).ok).toBe(false);
  });

  it("gives the day's last millisecond as its end", () => {
    expect(iso(parseIsoDate("2024-02-29", { bound: "end" }))).toBe("2024-02-29T23:59:59.999Z");
  });
});

describe("parseIsoDateTime", () => {
  it.each([
    ["2024-05-31", "2024-05-31T00:00:00.000Z"],
    ["2024-05-31T10:42", "2024-05-31T10:42:00.000Z"],
    ["2024-05-31T10:42:07Z", "2024-05-31T10:42:07.000Z"],
    ["2024-05-31t10:42:07z", "2024-05-31T10:42:07.000Z"],
    ["2024-05-31T10:42:07.5Z", "2024-05-31T10:42:07.500Z"],
    ["2024-05-31T10:42:07+02:00", "2024-05-31T08:42:07.000Z"],
    ["2024-05-31T00:30:00-0130", "2024-05-31T02:00:00.000Z"],
    ["2024-12-31T23:59:59+00:00", "2024-12-31T23:59:59.000Z"],
  ])("%s → %s", (text, expected) => expect(iso(parseIsoDateTime(text))).toBe(expected));

  it.each([
    ["2024-02-30T10:00:00Z", /2024-02-30 is not a real date/],
    ["2024-05-31T24:00:00Z", /not a real time of day/],
    ["2024-05-31T10:60:00Z", /not a real time of day/],
    ["2024-05-31T10:00:60Z", /not a real time of day/],
    ["2024-05-31T10:00:00+24:00", /offset that does not exist/],
    ["2024-05-31T10:00:00+05:60", /offset that does not exist/],
    ["2024-05-31 10:00:00", /not an ISO 8601 date or date-time/],
    ["May 31, 2024", /not an ISO 8601 date or date-time/],
    ["1717150000", /not an ISO 8601 date or date-time/],
  ])("%s is refused", (text, problem) => {
    const r = parseIsoDateTime(text);
    expect(r.ok).toBe(false);
    expect(r.ok ? "" : r.problem).toMatch(problem);
  });

  it("does not echo a long input whole", () => {
    const r = parseIsoDateTime("9".repeat(10_000));
    expect(r.ok ? "" : r.problem.length).toBeLessThan(200);
  });
});

describe("IsoDay", () => {
  it("keeps a real day as written and refuses one that does not exist", () => {
    expect(IsoDay.parse("2024-02-29")).toBe("2024-02-29");
    expect(IsoDay.safeParse("2024-02-30").error?.issues[0]?.message).toBe("2024-02-30 is not a real date (February 2024 has 29 days)");
  });
});
