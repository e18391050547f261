import fs from "node:fs";
import path from "node:path";
import { booleanClockwise } from "@turf/turf";
import { describe, expect, it } from "vitest";
import { extractGeometry, validateAreaGeometry, type AreaGeometry } from "./area-geometry";
import { checkFootprint } from "./footprint-rules";

const dir = path.resolve(import.meta.dirname, "../../tests/fixtures/geometry");
const files = fs.readdirSync(dir).filter((f) => f.endsWith(".json"));

function exteriorAndHoles(g: AreaGeometry) {
  return (g.type === "Polygon" ? [g.coordinates] : g.coordinates).flatMap((rings) => rings.map((ring, i) => ({ ring, hole: i > 0 })));
}

// Every case is checked with the footprint rules: validateAreaGeometry plus overlapping parts.
describe("geometry golden files", () => {
  it("has both valid and invalid cases", () => {
    expect(files.filter((f) => f.includes(".valid.")).length).toBeGreaterThanOrEqual(4);
    expect(files.filter((f) => f.includes(".invalid-")).length).toBeGreaterThanOrEqual(8);
  });

  for (const file of files) {
    const input = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
    const invalid = /\.invalid-([a-z-]+)\.json$/.exec(file);
    if (invalid) {
      it(`${file} is refused as ${invalid[1]}`, () => {
        const result = checkFootprint(input);
        expect(result.ok).toBe(false);
        if (!result.ok) {
          expect(result.problem).toBe(invalid[1]);
          expect(result.message.length).toBeGreaterThan(10);
        }
      });
    } else {
      it(`${file} is accepted and rewound to RFC 7946`, () => {
        const result = checkFootprint(input);
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        for (const { ring, hole } of exteriorAndHoles(result.geometry)) {
          // Exterior rings counter-clockwise, holes clockwise.
          expect(booleanClockwise(ring as [number, number][])).toBe(hole);
        }
        expect(result.areaM2).toBeGreaterThan(1);
        const [minLon, minLat, maxLon, maxLat] = result.bbox;
        expect(minLon).toBeLessThan(maxLon);
        expect(minLat).toBeLessThan(maxLat);
      });
    }
  }
});

describe("validateAreaGeometry", () => {
  it("measures area geodesically: a 0.01° square at the equator is about 1.23 km²", () => {
    const r = validateAreaGeometry({
      type: "Polygon",
      coordinates: [
        [
          [0, 0],
          [0.01, 0],
          [0.01, 0.01],
          [0, 0.01],
          [0, 0],
        ],
      ],
    });
    expect(r.ok && r.areaM2).toBeGreaterThan(1.22e6);
    expect(r.ok && r.areaM2).toBeLessThan(1.25e6);
  });

  it("does not change the caller's object when rewinding", () => {
    const input = JSON.parse(fs.readFileSync(path.join(dir, "square-clockwise-is-rewound.valid.json"), "utf8"));
    const copy = structuredClone(input);
    validateAreaGeometry(input);
    expect(input).toEqual(copy);
  });

  it("names where a self-intersection is", () => {
    const r = validateAreaGeometry(JSON.parse(fs.readFileSync(path.join(dir, "bowtie.invalid-self-intersection.json"), "utf8")));
    expect(!r.ok && r.message).toMatch(/near \[-34\.855\d*, -8\.005\d*\]/);
  });
});

describe("extractGeometry", () => {
  const polygon = { type: "Polygon", coordinates: [] };
  it("unwraps a Feature and a one-feature FeatureCollection", () => {
    expect(extractGeometry({ type: "Feature", geometry: polygon, properties: {} })).toBe(polygon);
    expect(extractGeometry({ type: "FeatureCollection", features: [{ type: "Feature", geometry: polygon }] })).toBe(polygon);
  });
  it("leaves a collection of several features alone so validation refuses it", () => {
    const fc = { type: "FeatureCollection", features: [{ geometry: polygon }, { geometry: polygon }] };
    expect(validateAreaGeometry(extractGeometry(fc)).ok).toBe(false);
  });
});

describe("a part round the whole globe", () => {
  it("is refused as a band across the antimeridian, but kept as a cap through a pole (a polar scene's footprint)", () => {
    const band = validateAreaGeometry({
      type: "Polygon",
      coordinates: [
        [
          [-179.9, 10],
          [179.9, 10],
          [179.9, 11],
          [-179.9, 11],
          [-179.9, 10],
        ],
      ],
    });
    expect(band).toMatchObject({ ok: false, problem: "crosses-antimeridian" });
    const cap = validateAreaGeometry({
      type: "Polygon",
      coordinates: [
        [
          [-180, 80],
          [-90, 80],
          [0, 80],
          [90, 80],
          [180, 80],
          [180, 90],
          [-180, 90],
          [-180, 80],
        ],
      ],
    });
    expect(cap.ok).toBe(true);
  });
});
