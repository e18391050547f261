// Outlines too big to check are refused first, from their array lengths, with a
// sentence that says how big they are and what is allowed.
import { describe, expect, it } from "vitest";
import { buildRoundOutline } from "../../tests/support/outlines";
import { checkChangeGeometry } from "../annotations/change-geometry-rules";
import { checkAreaStructure, validateAreaGeometry } from "./area-geometry";
import { checkFootprint } from "./footprint-rules";
import { DEFAULT_GEOMETRY_LIMITS, geometryLimitProblem, readGeometryLimits } from "./geometry-limits";

const square = (lon: number) => buildRoundOutline({ corners: 4, lon, radiusDeg: 0.001 }).coordinates;

describe("geometry limits", () => {
  it("defaults: 10,000 corners per polygon, 500 parts, 50,000 corners in all; each can be set by env", () => {
    expect(readGeometryLimits({})).toEqual({ maxVerticesPerPolygon: 10_000, maxParts: 500, maxVertices: 50_000 });
    expect(readGeometryLimits({ SITEWATCH_MAX_POLYGON_VERTICES: "20000", SITEWATCH_MAX_GEOMETRY_PARTS: "10", SITEWATCH_MAX_GEOMETRY_VERTICES: "30000" })).toEqual({
      maxVerticesPerPolygon: 20_000,
      maxParts: 10,
      maxVertices: 30_000,
    });
    expect(() => readGeometryLimits({ SITEWATCH_MAX_POLYGON_VERTICES: "lots" })).toThrow(/SITEWATCH_MAX_POLYGON_VERTICES must be a whole number/);
  });

  it("a 20,000-corner outline is refused, saying how many corners it has and how many are allowed", () => {
    const outline = buildRoundOutline({ corners: 20_000 });
    const expected = "this outline has 20,000 corners; at most 10,000 are allowed — simplify it";
    expect(geometryLimitProblem(outline)).toEqual({ problem: "too-many-vertices", message: expected });
    expect(validateAreaGeometry(outline)).toMatchObject({ ok: false, problem: "too-many-vertices", message: expected });
    expect(checkFootprint(outline)).toMatchObject({ ok: false, problem: "too-many-vertices" });
    expect(checkAreaStructure(outline)).toMatchObject({ ok: false, problem: "too-many-vertices" });
    const change = checkChangeGeometry({ input: outline, ctx: { allowedArea: outline, footprintBufferM: 0, minRingAreaM2: 1, sameWindow: [] } });
    expect(change).toMatchObject({ ok: false, geometry: null, errors: [{ code: "too-many-vertices", message: expected }] });
  });

  it("exactly at the limit is allowed; holes count towards their polygon; the closing position is not a corner", () => {
    expect(geometryLimitProblem(buildRoundOutline({ corners: 10_000 }))).toBeNull();
    const withHole = {
      type: "Polygon",
      coordinates: [buildRoundOutline({ corners: 6_000 }).coordinates[0], buildRoundOutline({ corners: 4_001, radiusDeg: 0.001 }).coordinates[0]],
    };
    expect(geometryLimitProblem(withHole)?.message).toBe("this outline has 10,001 corners; at most 10,000 are allowed — simplify it");
  });

  it("counts a million corners without reading them (malformed positions are left to the structure check)", () => {
    const ring = new Array(1_000_001).fill("not a position");
    expect(validateAreaGeometry({ type: "Polygon", coordinates: [ring] })).toMatchObject({ ok: false, problem: "too-many-vertices" });
    expect(geometryLimitProblem({ type: "Polygon", coordinates: [[1, 2], "x", null] })).toBeNull();
  });

  it("parts: more than the limit are refused, and the corners of all parts together too", () => {
    const many = { type: "MultiPolygon", coordinates: Array.from({ length: 501 }, (_, i) => square(-34.9 + i * 0.003)) };
    expect(validateAreaGeometry(many)).toMatchObject({
      ok: false,
      problem: "too-many-parts",
      message: "this outline has 501 parts; at most 500 are allowed — merge some, or split it into several",
    });
    const limits = { ...DEFAULT_GEOMETRY_LIMITS, maxParts: 2 };
    expect(checkFootprint({ type: "MultiPolygon", coordinates: [square(0), square(1), square(2)] }, { limits })).toMatchObject({ problem: "too-many-parts" });
    expect(checkFootprint({ type: "MultiPolygon", coordinates: [square(0), square(1)] }, { limits }).ok).toBe(true);
    const heavy = { type: "MultiPolygon", coordinates: Array.from({ length: 6 }, (_, i) => buildRoundOutline({ corners: 9_000, lon: i, radiusDeg: 0.01 }).coordinates) };
    expect(geometryLimitProblem(heavy)?.message).toBe("this outline has 54,000 corners in all its parts; at most 50,000 are allowed — simplify it or leave some parts out");
    const bigPart = { type: "MultiPolygon", coordinates: [square(0), buildRoundOutline({ corners: 10_001, lon: 1 }).coordinates] };
    expect(geometryLimitProblem(bigPart)?.message).toBe("part 2 of this outline has 10,001 corners; at most 10,000 are allowed in one part — simplify it");
  });

  it("a change's limits can be given with the check (the server passes those in force)", () => {
    const outline = buildRoundOutline({ corners: 200 });
    const ctx = { allowedArea: buildRoundOutline({ corners: 64, radiusDeg: 0.1 }), footprintBufferM: 0, minRingAreaM2: 1, sameWindow: [] };
    expect(checkChangeGeometry({ input: outline, ctx }).ok).toBe(true);
    expect(checkChangeGeometry({ input: outline, ctx, limits: { ...DEFAULT_GEOMETRY_LIMITS, maxVerticesPerPolygon: 100 } }).errors[0]!.code).toBe("too-many-vertices");
  });
});
