import { describe, expect, it } from "vitest";
import { laterCorrections } from "./later-corrections";
import type { PublicReleaseSummary } from "./public-views";

const release = (number: number, changelog: Partial<NonNullable<PublicReleaseSummary["changelog"]>> | null): PublicReleaseSummary =>
  ({
    number,
    note: `release ${number}`,
    publishedAt: `2026-0${number}-01T00:00:00.000Z`,
    changelog: changelog && { added: [], revised: [], retracted: [], siteFields: [], ...changelog },
  }) as PublicReleaseSummary;

describe("what later releases did to release n", () => {
  const history = [
    release(4, { retracted: [{ id: "a", note: "wrong date" }] as never }),
    release(3, {
      revised: [
        { id: "a", fields: ["description"] },
        { id: "b", fields: ["geometry", "damage grade"] },
      ] as never,
    }),
    release(2, { retracted: [{ id: "old", note: "" }] as never }),
    release(1, null),
  ];

  it("says, oldest first, what each later release did, and which changes to draw apart", () => {
    const later = laterCorrections(history, 2);
    expect(later.latestNumber).toBe(4);
    expect(later.notes).toEqual({
      a: ["Corrected in release 3 (description)", "Retracted in release 4: “wrong date”"],
      b: ["Corrected in release 3 (geometry, damage grade)"],
    });
    expect(later.retracted).toEqual(["a"]);
  });

  it("nothing for the latest release", () => {
    expect(laterCorrections(history, 4)).toEqual({ latestNumber: 4, notes: {}, retracted: [] });
  });
});
