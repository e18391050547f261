import { describe, expect, it } from "vitest";
import { describeObscured, describeRegistration, knownNirRed } from "./detection-report";

describe("describeRegistration", () => {
  it("says the shift in pixels and metres when it was corrected", () => {
    expect(describeRegistration({ dx: 1.4, dy: -0.7, eastM: 39.9, northM: 19.95, confidence: 19.7, applied: true, reason: null })).toBe(
      "the after scene was 1.4, -0.7 pixels off (39.9 m east, 19.95 m north), corrected before comparing (confidence 19.7)",
    );
  });
  it("says why not when it was not", () => {
    expect(
      describeRegistration({ dx: 0, dy: 0, eastM: 0, northM: 0, confidence: 0.9, applied: false, reason: "the scenes could not be registered: no clear match between them" }),
    ).toBe("not re-registered: the scenes could not be registered: no clear match between them");
  });
});

describe("describeObscured", () => {
  it("counts clouds and shadows and their area", () => {
    expect(
      describeObscured([
        { kind: "cloud", areaM2: 20_000 },
        { kind: "cloud", areaM2: 10_000 },
        { kind: "shadow", areaM2: 4_000 },
      ]),
    ).toBe("2 clouds and 1 shadow (3.4 ha) were not compared: the ground under them was not seen on one date");
    expect(describeObscured([])).toBeNull();
  });
});

describe("knownNirRed", () => {
  it("knows Landsat 4-7 and 8-9 band orders, and only when both scenes agree", () => {
    expect(
      knownNirRed([
        { sensor: "Landsat 7 ETM+", bands: 6 },
        { sensor: "Landsat-5 TM", bands: 7 },
      ]),
    ).toEqual({ nir: 4, red: 3 });
    expect(
      knownNirRed([
        { sensor: "Landsat 8 OLI", bands: 7 },
        { sensor: "landsat 9", bands: 11 },
      ]),
    ).toEqual({ nir: 5, red: 4 });
    expect(
      knownNirRed([
        { sensor: "Landsat 7 ETM+", bands: 6 },
        { sensor: "Landsat 8 OLI", bands: 7 },
      ]),
    ).toBeNull();
    expect(
      knownNirRed([
        { sensor: "WorldView-3", bands: 4 },
        { sensor: "WorldView-3", bands: 4 },
      ]),
    ).toBeNull();
    expect(
      knownNirRed([
        { sensor: "Landsat 7 ETM+", bands: 3 },
        { sensor: "Landsat 7 ETM+", bands: 3 },
      ]),
    ).toBeNull();
  });
});
