// Clouds and shadows on a real scene: the Landsat fixture with a soft-edged
// cloud, its shadow beside it and a sharp bright roof painted into the after
// date (tests/factories/cloudy-scene.ts). The roof is a candidate; the cloud
// and its shadow are set apart as not compared (cloud: true), never proposed.
import { beforeAll, describe, expect, it } from "vitest";
import { describeObscured } from "@/lib/detect/detection-report";
import { CLOUD, cloudySceneFile, L7_FIXTURE } from "../../tests/factories/cloudy-scene";
import { detectChanges, type DetectionResult } from "./detect-changes";

let result: DetectionResult;

beforeAll(async () => {
  result = await detectChanges({ before: L7_FIXTURE, after: await cloudySceneFile(), workers: 1 });
});

describe("a cloud, its shadow and a roof in the after scene", () => {
  it("proposes the roof and nothing else", () => {
    expect(result.candidates.features).toHaveLength(1);
    // The roof's 14 × 11 pixels, give or take its edge.
    expect(result.candidates.features[0]!.properties.pixelCount).toBeGreaterThan(120);
    expect(result.candidates.features[0]!.properties.pixelCount).toBeLessThan(200);
  });

  it("sets the cloud and its shadow apart as not compared, marked cloud: true", () => {
    expect(result.obscured.features.length).toBeGreaterThanOrEqual(1);
    for (const f of result.obscured.features) {
      expect(f.properties.cloud).toBe(true);
      expect(["cloud", "shadow"]).toContain(f.properties.kind);
    }
    expect(result.obscured.features.some((f) => f.properties.kind === "cloud")).toBe(true);
    // Together they cover most of the cloud's disc and its shadow's (πr² each, less the faint fringe).
    const covered = result.obscured.features.reduce((s, f) => s + f.properties.pixelCount, 0);
    expect(covered).toBeGreaterThan(Math.PI * CLOUD.r ** 2);
    expect(describeObscured(result.obscured.features.map((f) => f.properties))).toMatch(/not compared/);
  });

  it("finds the scenes already registered (the same grid, nothing moved)", () => {
    expect(result.registration.applied).toBe(false);
    expect(Math.abs(result.registration.dx)).toBeLessThan(0.25);
    expect(Math.abs(result.registration.dy)).toBeLessThan(0.25);
  });
});
