import { describe, expect, it } from "vitest";
import { describeStoredScene, duplicateMismatches, formatAcquired } from "./duplicate-upload";

const stored = { acquiredAt: new Date("2001-07-15T12:30:00Z"), sensor: "Landsat 7 ETM+", license: "Apache-2.0" };

describe("a file uploaded again", () => {
  it("agrees when the typed date is the same instant, the sensor is the same or not given, and the licence is the same SPDX id in any case", () => {
    expect(duplicateMismatches({ stored, typed: { acquiredAt: new Date("2001-07-15T12:30:00Z"), sensor: "", license: "apache-2.0" } })).toEqual([]);
    expect(duplicateMismatches({ stored, typed: { acquiredAt: new Date("2001-07-15T12:30:00Z"), sensor: " landsat 7 etm+ ", license: "Apache-2.0" } })).toEqual([]);
  });

  it("names each field that disagrees", () => {
    expect(duplicateMismatches({ stored, typed: { acquiredAt: new Date("2001-07-15T12:30:01Z"), sensor: "Sentinel-2A", license: "CC0-1.0" } })).toEqual([
      "acquiredAt",
      "sensor",
      "license",
    ]);
  });

  it("describes the scene by its date (time when not midnight), sensor and licence", () => {
    expect(describeStoredScene(stored)).toBe("the scene of 2001-07-15 12:30 UTC (Landsat 7 ETM+, licence Apache-2.0)");
    expect(formatAcquired("2001-07-15T00:00:00.000Z")).toBe("2001-07-15");
    expect(formatAcquired("2001-07-15T12:30:05.000Z")).toBe("2001-07-15 12:30:05 UTC");
    expect(describeStoredScene({ ...stored, sensor: "" })).toContain("(sensor not given, licence Apache-2.0)");
  });
});
