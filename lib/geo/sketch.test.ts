import { describe, expect, it } from "vitest";
import {
  addPart,
  fromParts,
  MAX_IMPORTED_PARTS,
  partsOf,
  polygonsFromGeoJson,
  recordSketch,
  redoSketch,
  removePart,
  SKETCH_HISTORY_LIMIT,
  startSketch,
  undoSketch,
} from "./sketch";
import type { AreaGeometry } from "./area-geometry";

const square = (lon: number) => [
  [
    [lon, 0],
    [lon + 1, 0],
    [lon + 1, 1],
    [lon, 1],
    [lon, 0],
  ],
];
const poly = (lon: number): AreaGeometry => ({ type: "Polygon", coordinates: square(lon) });

describe("parts of a sketch", () => {
  it("a second part makes a MultiPolygon; removing one goes back to a Polygon; removing the last leaves nothing", () => {
    const two = addPart({ geometry: poly(0), part: square(5) });
    expect(two.type).toBe("MultiPolygon");
    expect(partsOf(two)).toHaveLength(2);
    expect(removePart({ geometry: two, index: 0 })).toEqual(poly(5));
    expect(removePart({ geometry: poly(0), index: 0 })).toBeNull();
    expect(fromParts([])).toBeNull();
    expect(addPart({ geometry: null, part: square(0) })).toEqual(poly(0));
  });
});

describe("undo and redo", () => {
  it("goes back and forth through the steps, and a new step drops the redo branch", () => {
    let h = startSketch();
    h = recordSketch({ history: h, next: poly(0) });
    h = recordSketch({ history: h, next: addPart({ geometry: poly(0), part: square(5) }) });
    h = undoSketch(h);
    expect(h.present).toEqual(poly(0));
    h = undoSketch(h);
    expect(h.present).toBeNull();
    expect(undoSketch(h)).toBe(h);
    h = redoSketch(h);
    expect(h.present).toEqual(poly(0));
    h = recordSketch({ history: h, next: poly(9) });
    expect(h.future).toEqual([]);
    expect(redoSketch(h)).toBe(h);
  });

  it("ignores a step that changes nothing and keeps at most the last steps", () => {
    let h = recordSketch({ history: startSketch(), next: poly(0) });
    expect(recordSketch({ history: h, next: poly(0) })).toBe(h);
    for (let i = 1; i <= SKETCH_HISTORY_LIMIT + 20; i++) h = recordSketch({ history: h, next: poly(i) });
    expect(h.past).toHaveLength(SKETCH_HISTORY_LIMIT);
  });
});

describe("importing polygons from a GeoJSON file", () => {
  it("merges the polygons of a FeatureCollection into one geometry and counts what it skipped", () => {
    const r = polygonsFromGeoJson({
      type: "FeatureCollection",
      features: [
        { type: "Feature", properties: {}, geometry: poly(0) },
        { type: "Feature", properties: {}, geometry: { type: "MultiPolygon", coordinates: [square(5), square(9)] } },
        { type: "Feature", properties: {}, geometry: { type: "Point", coordinates: [0, 0] } },
      ],
    });
    expect(r).toMatchObject({ ok: true, parts: 3, skipped: 1 });
    expect(r.ok && r.geometry.type).toBe("MultiPolygon");
  });

  it("takes a bare geometry or a single Feature", () => {
    expect(polygonsFromGeoJson(poly(0))).toMatchObject({ ok: true, parts: 1, geometry: poly(0) });
    expect(polygonsFromGeoJson({ type: "Feature", properties: null, geometry: poly(0) })).toMatchObject({ ok: true, parts: 1 });
  });

  it("refuses files without polygons, with another CRS, not GeoJSON, or with too many parts, saying why", () => {
    expect(
      polygonsFromGeoJson({
        type: "Feature",
        geometry: {
          type: "LineString",
          coordinates: [
            [0, 0],
            [1, 1],
          ],
        },
      }),
    ).toMatchObject({ ok: false, message: expect.stringMatching(/no polygons \(1 other feature skipped\)/) });
    expect(polygonsFromGeoJson({ type: "FeatureCollection", crs: { type: "name", properties: { name: "urn:ogc:def:crs:EPSG::31985" } }, features: [] })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/EPSG::31985.*WGS 84/),
    });
    expect(
      polygonsFromGeoJson({
        type: "FeatureCollection",
        crs: { type: "name", properties: { name: "urn:ogc:def:crs:OGC:1.3:CRS84" } },
        features: [{ type: "Feature", geometry: poly(0) }],
      }),
    ).toMatchObject({ ok: true });
    expect(polygonsFromGeoJson({ hello: "world" })).toMatchObject({ ok: false, message: expect.stringMatching(/not GeoJSON/) });
    expect(polygonsFromGeoJson("text")).toMatchObject({ ok: false });
    const many = { type: "MultiPolygon", coordinates: Array.from({ length: MAX_IMPORTED_PARTS + 1 }, (_, i) => square(i)) };
    expect(polygonsFromGeoJson(many)).toMatchObject({ ok: false, message: expect.stringMatching(/at most 500/) });
  });

  it("refuses polygons that cannot be drawn at all, saying which and why", () => {
    const open = {
      type: "Polygon",
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 1],
        ],
      ],
    };
    expect(polygonsFromGeoJson(open)).toMatchObject({ ok: false, message: expect.stringMatching(/cannot be read: exterior ring is not closed/) });
    const mercator = {
      type: "Polygon",
      coordinates: [
        [
          [-3882000, -894000],
          [-3881000, -894000],
          [-3881000, -893000],
          [-3882000, -894000],
        ],
      ],
    };
    expect(polygonsFromGeoJson(mercator)).toMatchObject({ ok: false, message: expect.stringMatching(/outside lon -180\.\.180.*not EPSG:4326/) });
    expect(
      polygonsFromGeoJson({
        type: "Polygon",
        coordinates: [
          [
            ["a", "b"],
            [1, 0],
            [1, 1],
            ["a", "b"],
          ],
        ],
      }),
    ).toMatchObject({ ok: false, message: expect.stringMatching(/not \[lon, lat\] in numbers/) });
  });
});
