// Large outlines for the geometry limit tests and `npm run bench:geometry`, and
// the geometry golden files (tests/fixtures/geometry) for tests that need one.
import fs from "node:fs";
import path from "node:path";
import type { Polygon, Position } from "geojson";

/** A golden geometry by its name in tests/fixtures/geometry (without `.json`). */
export function readGeometryFixture(name: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "..", "fixtures", "geometry", `${name}.json`), "utf8"));
}

/**
 * A closed, counter-clockwise ring of `corners` corners on a circle of
 * `radiusDeg` degrees around [lon, lat] (EPSG:4326): a simple polygon. With
 * `crossing`, two neighbouring corners halfway round are swapped, which makes
 * their edges cross once (a small bow tie in the outline).
 */
export function buildRoundOutline(args: { corners: number; lon?: number; lat?: number; radiusDeg?: number; crossing?: boolean }): Polygon {
  const { corners, lon = -34.86, lat = -8.0, radiusDeg = 0.015 } = args;
  const ring: Position[] = Array.from({ length: corners }, (_, i) => {
    const angle = (i / corners) * 2 * Math.PI;
    return [lon + radiusDeg * Math.cos(angle), lat + radiusDeg * Math.sin(angle)];
  });
  if (args.crossing) {
    const i = Math.floor(corners / 2);
    [ring[i], ring[i + 1]] = [ring[i + 1]!, ring[i]!];
  }
  return { type: "Polygon", coordinates: [[...ring, [...ring[0]!]]] };
}
