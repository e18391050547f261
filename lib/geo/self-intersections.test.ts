// The sweep finds exactly what Turf's kinks (the O(n²) check it replaces) finds:
// the same points, in the same order, repeats included, on thousands of random
// polygons full of the awkward cases (shared and repeated corners, collinear
// edges, touching holes) and on large outlines.
import type { Position } from "geojson";
import { describe, expect, it } from "vitest";
import { findRingCrossings, ringsMeet } from "./self-intersections";
import { findRingCrossingsQuadratic } from "./self-intersections-reference";

/** A small seeded generator (mulberry32): the same polygons on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function closed(points: Position[]): Position[] {
  return [...points, [...points[0]!]];
}

/** Corners on a coarse grid: many shared corners, collinear and overlapping edges, touches. */
function gridRing(random: () => number, corners: number, size: number, origin: Position = [-34.9, -8]): Position[] {
  return closed(Array.from({ length: corners }, () => [origin[0]! + Math.floor(random() * size) * 0.001, origin[1]! + Math.floor(random() * size) * 0.001]));
}

/** Corners anywhere in a small box: crossings in general position. */
function scatteredRing(random: () => number, corners: number): Position[] {
  return closed(Array.from({ length: corners }, () => [-34.9 + random() * 0.01, -8 + random() * 0.01]));
}

/** A star around a centre, corners in angle order: usually simple; with jitter in the angle, sometimes not. */
function starRing(random: () => number, corners: number, jitter: number, centre: Position = [-34.87, -7.99], radius = 0.01): Position[] {
  return closed(
    Array.from({ length: corners }, (_, i) => {
      const angle = ((i + (random() - 0.5) * jitter) / corners) * 2 * Math.PI;
      const r = radius * (0.3 + random() * 0.7);
      return [centre[0]! + r * Math.cos(angle), centre[1]! + r * Math.sin(angle)];
    }),
  );
}

function randomPolygon(random: () => number): Position[][] {
  const kind = Math.floor(random() * 4);
  const corners = 3 + Math.floor(random() * 25);
  const outline =
    kind === 0 ? gridRing(random, corners, 4) : kind === 1 ? gridRing(random, corners, 12) : kind === 2 ? scatteredRing(random, corners) : starRing(random, corners, random() * 3);
  const holes = Array.from({ length: Math.floor(random() * 3) }, () =>
    kind < 2
      ? gridRing(random, 3 + Math.floor(random() * 6), 6)
      : starRing(random, 3 + Math.floor(random() * 8), random() * 2, [-34.87 + (random() - 0.5) * 0.01, -7.99 + (random() - 0.5) * 0.01], 0.004),
  );
  // Now and then a repeated corner, or a hole that repeats part of the outline.
  if (random() < 0.15) outline.splice(1, 0, [...outline[1]!]);
  if (random() < 0.1 && holes[0]) holes[0].splice(1, 0, [...outline[2]!]);
  return [outline, ...holes];
}

describe("findRingCrossings is exactly as strict as Turf's kinks", () => {
  it("on 4,000 random polygons with holes (fixed seed)", () => {
    const random = seeded(15);
    let withCrossings = 0;
    for (let n = 0; n < 4000; n++) {
      const rings = randomPolygon(random);
      const expected = findRingCrossingsQuadratic(rings);
      expect(findRingCrossings(rings), JSON.stringify(rings)).toEqual(expected);
      if (expected.length) withCrossings++;
    }
    // Both kinds of case are well represented.
    expect(withCrossings).toBeGreaterThan(1000);
    expect(withCrossings).toBeLessThan(3800);
  });

  it("on large outlines: a 3,000-corner star, simple and with crossings", () => {
    const random = seeded(7);
    const simple = [starRing(random, 3000, 0)];
    expect(findRingCrossingsQuadratic(simple)).toEqual([]);
    expect(findRingCrossings(simple)).toEqual([]);
    const crossing = [starRing(random, 3000, 4)];
    const expected = findRingCrossingsQuadratic(crossing);
    expect(expected.length).toBeGreaterThan(10);
    expect(findRingCrossings(crossing)).toEqual(expected);
  });

  it("on a comb of long teeth, swept along either axis", () => {
    const teeth = (flip: boolean): Position[][] => {
      const points: Position[] = [];
      for (let t = 0; t < 200; t++) points.push([0, t], [10, t + 0.2], [10, t + 0.6], [0, t + 0.8]);
      points.push([-1, 200], [-1, 0]);
      const ring = closed(points);
      // One tooth bent across the next.
      ring[41] = [10, 11.3];
      return [flip ? ring.map(([x, y]) => [y!, x!]) : ring];
    };
    for (const flip of [false, true]) {
      const rings = teeth(flip);
      const expected = findRingCrossingsQuadratic(rings);
      expect(expected.length).toBeGreaterThan(0);
      expect(findRingCrossings(rings)).toEqual(expected);
    }
  });

  it("finds a touch a hole makes at one corner of the outline, and nothing on a clean square", () => {
    const square = closed([
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
    ]);
    expect(findRingCrossings([square])).toEqual([]);
    const touching = closed([
      [0, 0],
      [0.5, 0.2],
      [0.2, 0.5],
    ]);
    expect(findRingCrossings([square, touching])).toEqual(findRingCrossingsQuadratic([square, touching]));
    expect(findRingCrossings([square, touching]).length).toBeGreaterThan(0);
  });
});

describe("ringsMeet", () => {
  const square = (x: number, size = 1, y = 0): Position[] =>
    closed([
      [x, y],
      [x + size, y],
      [x + size, y + size],
      [x, y + size],
    ]);
  it("says whether edges of one set of rings cross or touch edges of the other, and ignores crossings within a set", () => {
    expect(ringsMeet({ a: [square(0)], b: [square(0.5)] })).toBe(true);
    expect(ringsMeet({ a: [square(0)], b: [square(1)] })).toBe(true);
    expect(ringsMeet({ a: [square(0)], b: [square(1.5)] })).toBe(false);
    expect(ringsMeet({ a: [square(0.25, 0.5, 0.25)], b: [square(0, 1)] })).toBe(false);
    expect(ringsMeet({ a: [square(0), square(0.5)], b: [square(5)] })).toBe(false);
  });
});
