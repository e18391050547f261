import { describe, expect, it } from "vitest";
import { parseRange } from "./range";

describe("parseRange (HTTP Range, single range)", () => {
  const cases: [string | null, number, ReturnType<typeof parseRange>][] = [
    [null, 100, null],
    ["bytes=0-9", 100, [0, 9]],
    ["bytes=90-", 100, [90, 99]],
    ["bytes=90-200", 100, [90, 99]],
    ["bytes=-10", 100, [90, 99]],
    ["bytes=-500", 100, [0, 99]],
    ["bytes=100-", 100, "unsatisfiable"],
    ["bytes=100-120", 100, "unsatisfiable"],
    ["bytes=-0", 100, "unsatisfiable"],
    ["bytes=9-3", 100, null],
    ["bytes=0-1,5-6", 100, null],
    ["items=0-1", 100, null],
    ["bytes=-", 100, null],
  ];
  for (const [header, size, expected] of cases) {
    it(`${header ?? "(none)"} of ${size} bytes → ${JSON.stringify(expected)}`, () => {
      expect(parseRange({ header, size })).toEqual(expected);
    });
  }
});
