// Site footprints follow the change outline rules: overlapping parts, the
// antimeridian, the size limits and crossings, with the same messages.
import { describe, expect, it } from "vitest";
import { buildRoundOutline, readGeometryFixture } from "../../tests/support/outlines";
import { checkChangeGeometry } from "../annotations/change-geometry-rules";
import { checkFootprint } from "./footprint-rules";

const square = [
  [-34.86, -8.01],
  [-34.85, -8.01],
  [-34.85, -8.0],
  [-34.86, -8.0],
  [-34.86, -8.01],
];

describe("checkFootprint", () => {
  it("refuses two identical parts (their area would be counted twice), pointing at the overlap, with the change rule's message", () => {
    const twice = { type: "MultiPolygon", coordinates: [[square], [square]] };
    const result = checkFootprint(twice);
    expect(result).toMatchObject({ ok: false, problem: "parts-overlap", message: "parts 1 and 2 overlap: merge them into one outline or move them apart" });
    expect(!result.ok && result.at![0]![0]).toBeCloseTo(-34.855, 5);
    const asChange = checkChangeGeometry({
      input: twice,
      ctx: { allowedArea: buildRoundOutline({ corners: 64, radiusDeg: 0.1 }), footprintBufferM: 0, minRingAreaM2: 1, sameWindow: [] },
    });
    expect(asChange.errors.map((e) => e.message)).toContain(!result.ok && result.message);
  });

  it("says how many pairs overlap", () => {
    const thrice = { type: "MultiPolygon", coordinates: [[square], [square], [square]] };
    expect(checkFootprint(thrice)).toMatchObject({ ok: false, message: "parts 1 and 2 overlap: merge them into one outline or move them apart (and 2 more overlaps)" });
  });

  it("refuses a band 359.8° wide (a small polygon across the antimeridian read the long way round) and accepts it cut in two at 180°", () => {
    const band = readGeometryFixture("antimeridian-band.invalid-crosses-antimeridian");
    expect(checkFootprint(band)).toMatchObject({
      ok: false,
      problem: "crosses-antimeridian",
      message:
        "it spans 359.8° of longitude, more than half the globe: it most likely crosses the antimeridian (180°), which one GeoJSON polygon cannot — draw it as two parts, one on each side of 180°",
    });
    const split = readGeometryFixture("antimeridian-split-in-two.valid");
    expect(checkFootprint(split).ok).toBe(true);
  });

  it("checks a 10,000-corner outline: accepted when simple, refused at its one crossing when not", () => {
    const simple = checkFootprint(buildRoundOutline({ corners: 10_000 }));
    expect(simple.ok).toBe(true);
    const crossing = checkFootprint(buildRoundOutline({ corners: 10_000, crossing: true }));
    expect(crossing).toMatchObject({ ok: false, problem: "self-intersection" });
    expect(!crossing.ok && crossing.at).toHaveLength(1);
    // Halfway round the circle: west of the centre.
    expect(!crossing.ok && crossing.at![0]![0]).toBeCloseTo(-34.875, 3);
  });
});
