// Golden cases for the change geometry rules (tests/fixtures/change-geometry):
// <case>.valid.json must pass with no warning, <case>.invalid-<code>.json must
// be refused with that code, <case>.warning-<code>.json must pass with that
// warning; a case's properties.at says where on the map the problem must be pointed at.
import fs from "node:fs";
import path from "node:path";
import { area, booleanClockwise, difference, featureCollection } from "@turf/turf";
import { describe, expect, it } from "vitest";
import { growArea } from "../geo/grow-area";
import { polygonsOf, type AreaGeometry } from "../geo/area-geometry";
import { checkChangeGeometry, minRingAreaForScene, scenePixelAreaM2, summariseIssues, type ChangeGeometryContext } from "./change-geometry-rules";

const dir = path.resolve(import.meta.dirname, "../../tests/fixtures/change-geometry");
const raw = JSON.parse(fs.readFileSync(path.join(dir, "context.json"), "utf8"));
const context: ChangeGeometryContext = {
  allowedArea: growArea({ geometry: raw.footprint, marginM: raw.footprintBufferM }),
  footprintBufferM: raw.footprintBufferM,
  minRingAreaM2: raw.minRingAreaM2,
  sameWindow: raw.sameWindow,
};
const files = fs.readdirSync(dir).filter((f) => f.endsWith(".json") && f !== "context.json");

/** Within about 10 m of the expected place. */
function near(a: [number, number], b: [number, number]): boolean {
  return Math.abs(a[0] - b[0]) < 1e-4 && Math.abs(a[1] - b[1]) < 1e-4;
}

describe("change geometry golden files", () => {
  it("has valid, invalid and warning cases", () => {
    expect(files.filter((f) => f.includes(".valid.")).length).toBeGreaterThanOrEqual(4);
    expect(files.filter((f) => f.includes(".invalid-")).length).toBeGreaterThanOrEqual(5);
    expect(files.filter((f) => f.includes(".warning-")).length).toBeGreaterThanOrEqual(1);
  });

  for (const file of files) {
    const feature = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
    const expectedAt = (feature.properties?.at ?? []) as [number, number][];
    const invalid = /\.invalid-([a-z-]+)\.json$/.exec(file);
    const warning = /\.warning-([a-z-]+)\.json$/.exec(file);
    it(`${file}: ${feature.properties?.note ?? ""}`, () => {
      const check = checkChangeGeometry({ input: feature.geometry, ctx: context });
      const issues = invalid ? check.errors : check.warnings;
      if (invalid) {
        expect(check.ok).toBe(false);
        expect(check.errors.map((e) => e.code)).toContain(invalid[1]);
      } else {
        expect(check.errors).toEqual([]);
        expect(check.ok).toBe(true);
        expect(check.warnings.map((w) => w.code)).toEqual(warning ? [warning[1]] : []);
        // Stored rewound: exterior rings counter-clockwise, holes clockwise.
        for (const rings of polygonsOf(check.geometry!)) rings.forEach((ring, i) => expect(booleanClockwise(ring as [number, number][])).toBe(i > 0));
      }
      for (const at of expectedAt)
        expect(
          issues.flatMap((i) => i.at).some((p) => near(p, at)),
          `a marker near ${at}`,
        ).toBe(true);
      for (const i of issues) expect(i.message.length).toBeGreaterThan(15);
    });
  }
});

describe("checkChangeGeometry", () => {
  const inside = {
    type: "Polygon",
    coordinates: [
      [
        [-34.86, -8.0],
        [-34.858, -8.0],
        [-34.858, -7.998],
        [-34.86, -7.998],
        [-34.86, -8.0],
      ],
    ],
  } as AreaGeometry;

  it("gives the geodesic area in square metres (0.002° square at 8° S: about 48,500 m²)", () => {
    const check = checkChangeGeometry({ input: inside, ctx: context });
    expect(check.areaM2).toBeGreaterThan(48_000);
    expect(check.areaM2).toBeLessThan(49_000);
  });

  it("marks every crossing of a twice-crossed outline and still gives no area as valid", () => {
    // A zig-zag: the top and bottom edges are crossed twice by the middle one.
    const zigzag = {
      type: "Polygon",
      coordinates: [
        [
          [-34.86, -8.0],
          [-34.85, -8.0],
          [-34.86, -7.995],
          [-34.85, -7.99],
          [-34.86, -7.99],
          [-34.85, -7.995],
          [-34.86, -8.0],
        ],
      ],
    };
    const check = checkChangeGeometry({ input: zigzag, ctx: context });
    expect(check.ok).toBe(false);
    expect(check.errors[0]!.code).toBe("self-intersection");
    expect(check.errors[0]!.at.length).toBeGreaterThanOrEqual(2);
    expect(check.errors[0]!.message).toMatch(/and \d+ more crossing/);
  });

  it("the margin is configurable: with none, reaching 55 m beyond the footprint is refused", () => {
    const reaching = JSON.parse(fs.readFileSync(path.join(dir, "reaches-into-margin.valid.json"), "utf8")).geometry;
    const strict = checkChangeGeometry({ input: reaching, ctx: { ...context, allowedArea: raw.footprint, footprintBufferM: 0 } });
    expect(strict.errors.map((e) => e.code)).toEqual(["outside-footprint"]);
    expect(strict.errors[0]!.message).toMatch(/lies outside the site footprint$/);
    expect(checkChangeGeometry({ input: reaching, ctx: context }).errors).toEqual([]);
  });

  it("names the overlapping change and how much overlaps", () => {
    const overlapping = JSON.parse(fs.readFileSync(path.join(dir, "overlaps-other-change.warning-overlaps-change.json"), "utf8")).geometry;
    const check = checkChangeGeometry({ input: overlapping, ctx: context });
    expect(check.warnings[0]!.otherId).toBe("other-1");
    expect(check.warnings[0]!.message).toMatch(/overlaps the draft change “construction” #ther-1 by Ana Analyst \(same two scenes\) by 1\.2\d ha/);
    // Without the other change in the window, nothing to warn about.
    expect(checkChangeGeometry({ input: overlapping, ctx: { ...context, sameWindow: [] } }).warnings).toEqual([]);
  });

  it("refuses what is not a polygon with the structural reason and no geometry", () => {
    const check = checkChangeGeometry({ input: { type: "Point", coordinates: [-34.86, -8.0] }, ctx: context });
    expect(check).toMatchObject({ ok: false, geometry: null, areaM2: null });
    expect(check.errors[0]!.code).toBe("wrong-type");
  });

  it("summarises several problems in one sentence", () => {
    expect(
      summariseIssues([
        { code: "ring-too-small", severity: "error", message: "a", at: [] },
        { code: "outside-footprint", severity: "error", message: "b", at: [] },
      ]),
    ).toBe("a (and 1 more problem)");
  });
});

describe("the smallest ring is one pixel of the after scene", () => {
  it("a Landsat 7 pixel of 28.5 m covers about 812 m², measured from the scene's footprint", () => {
    // 100 × 100 pixels of 28.5 m near the equator: a 2,850 m square.
    const d = 2850 / 111_320;
    const footprint = {
      type: "Polygon",
      coordinates: [
        [
          [0, 0],
          [d, 0],
          [d, d],
          [0, d],
          [0, 0],
        ],
      ],
    } as AreaGeometry;
    const pixel = scenePixelAreaM2({ footprint, width: 100, height: 100 });
    expect(pixel).toBeGreaterThan(800);
    expect(pixel).toBeLessThan(825);
    expect(minRingAreaForScene(pixel)).toBe(pixel);
    expect(minRingAreaForScene(0.09)).toBe(1);
    expect(minRingAreaForScene(null)).toBe(1);
  });
});

describe("outside the footprint: the shortcut for outlines well inside agrees with the overlay", () => {
  it("on 400 random outlines across the allowed area's edge (fixed seed)", () => {
    let a = 15;
    const random = () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    let outside = 0;
    for (let n = 0; n < 400; n++) {
      const corners = 5 + Math.floor(random() * 60);
      const [lon, lat, r] = [-34.885 + random() * 0.05, -8.025 + random() * 0.05, 0.0005 + random() * 0.01];
      const ring = Array.from({ length: corners }, (_, i) => [lon + r * Math.cos((i / corners) * 2 * Math.PI), lat + r * Math.sin((i / corners) * 2 * Math.PI)]);
      const geometry = { type: "Polygon", coordinates: [[...ring, ring[0]!]] } as AreaGeometry;
      const overlay = difference(
        featureCollection([
          { type: "Feature", properties: {}, geometry },
          { type: "Feature", properties: {}, geometry: context.allowedArea },
        ] as never),
      );
      const expected = overlay !== null && area(overlay) > 0.5;
      const check = checkChangeGeometry({ input: geometry, ctx: { ...context, sameWindow: [] } });
      expect(
        check.errors.some((e) => e.code === "outside-footprint"),
        JSON.stringify(geometry),
      ).toBe(expected);
      if (expected) outside++;
    }
    expect(outside).toBeGreaterThan(100);
    expect(outside).toBeLessThan(350);
  });
});
