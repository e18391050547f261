import type { Feature, Polygon } from "geojson";
import { describe, expect, it } from "vitest";
import { fitCandidatesToDrawingRules } from "./candidate-drawing-rules";

/** A square of `d` degrees at (lon, lat), with optional holes of side `h` degrees inside it. */
const square = (lon: number, lat: number, d: number, holes: number[] = []): Feature<Polygon, { id: number }> => ({
  type: "Feature",
  properties: { id: d },
  geometry: {
    type: "Polygon",
    coordinates: [
      [
        [lon, lat],
        [lon + d, lat],
        [lon + d, lat + d],
        [lon, lat + d],
        [lon, lat],
      ],
      ...holes.map((h) => [
        [lon + d / 4, lat + d / 4],
        [lon + d / 4, lat + d / 4 + h],
        [lon + d / 4 + h, lat + d / 4 + h],
        [lon + d / 4 + h, lat + d / 4],
        [lon + d / 4, lat + d / 4],
      ]),
    ],
  },
});

describe("fitCandidatesToDrawingRules", () => {
  // At the equator 0.001° is about 111 m; one after-scene pixel of 900 m² (30 m) is the smallest ring.
  it("drops a candidate smaller than one after-scene pixel and fills its holes that small, keeping the rest", () => {
    const out = fitCandidatesToDrawingRules([square(0, 0, 0.0002), square(0, 0.01, 0.002, [0.0002, 0.001])], 900);
    expect(out).toHaveLength(1);
    expect(out[0]!.geometry.coordinates).toHaveLength(2);
    expect(out[0]!.properties.id).toBe(0.002);
  });
});
