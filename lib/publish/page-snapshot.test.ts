import { describe, expect, it } from "vitest";
import type { PublicChange, ReleaseSnapshot } from "../releases/release-snapshot";
import { FIRST_SCREEN_CHANGES, INLINE_CHANGES_BYTES, pageSnapshot } from "./page-snapshot";

const change = (i: number, description = "A wall.") =>
  ({ id: `c${i}`, detectedAfter: "2001-07-15T12:00:00Z", detectedBy: `20${String(10 + (i % 50)).padStart(2, "0")}-01-01T00:00:00Z`, description }) as PublicChange;

const snapshot = (changes: PublicChange[]) =>
  ({
    site: { slug: "olinda" },
    release: { number: 4 },
    scenes: [],
    changes,
    changelog: { previousRelease: 3, added: [], revised: [], retracted: [], siteFields: [] },
  }) as unknown as ReleaseSnapshot;

describe("what a public page carries of its release", () => {
  it("carries a small release whole, without its changelog (drawn on the server)", () => {
    const page = pageSnapshot(snapshot([change(1), change(2)]));
    expect(page.rest).toBeNull();
    expect(page.snapshot.changes.map((c) => c.id)).toEqual(["c1", "c2"]);
    expect(page.snapshot).not.toHaveProperty("changelog");
  });

  it("carries only the first screen of a large release, and says where the rest is read", () => {
    const many = Array.from({ length: 400 }, (_, i) => change(i, "x".repeat(400)));
    expect(JSON.stringify(many).length).toBeGreaterThan(INLINE_CHANGES_BYTES);
    const page = pageSnapshot(snapshot(many));
    expect(page.rest).toEqual({ total: 400, url: "/api/public/sites/olinda?release=4" });
    expect(page.snapshot.changes).toHaveLength(FIRST_SCREEN_CHANGES);
    // The first of the event list: the earliest detections.
    const years = page.snapshot.changes.map((c) => c.detectedBy.slice(0, 4));
    expect(years).toEqual([...Array(8).fill("2010"), ...Array(4).fill("2011")]);
  });

  it("carries every change when they all fit on the first screen, however long their text", () => {
    const long = Array.from({ length: FIRST_SCREEN_CHANGES }, (_, i) => change(i, "x".repeat(20_000)));
    expect(pageSnapshot(snapshot(long)).rest).toBeNull();
  });
});
