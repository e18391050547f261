// Outlines of polygons as SVG paths in a small box, for comparing a change's
// geometry before and after an edit without a map. Equirectangular with the
// longitude scaled by cos(latitude), which is true to shape at a site's scale.
// Pure.
import type { AreaGeometry } from "./area-geometry";
import { polygonsOf } from "./area-geometry";

/** SVG path data (`M … Z` per ring) for each geometry, all in one shared frame of `size` pixels with `pad` around. */
export function outlinePaths({ geometries, size }: { geometries: (AreaGeometry | null)[]; size: { width: number; height: number; pad?: number } }): string[] {
  const pad = size.pad ?? 6;
  const all = geometries.flatMap((g) => (g ? polygonsOf(g).flat(3) : [])) as unknown as number[];
  if (all.length === 0) return geometries.map(() => "");
  let minLon = Infinity,
    maxLon = -Infinity,
    minLat = Infinity,
    maxLat = -Infinity;
  for (let i = 0; i < all.length; i += 2) {
    minLon = Math.min(minLon, all[i]!);
    maxLon = Math.max(maxLon, all[i]!);
    minLat = Math.min(minLat, all[i + 1]!);
    maxLat = Math.max(maxLat, all[i + 1]!);
  }
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const spanX = Math.max((maxLon - minLon) * k, 1e-12);
  const spanY = Math.max(maxLat - minLat, 1e-12);
  const scale = Math.min((size.width - 2 * pad) / spanX, (size.height - 2 * pad) / spanY);
  const offX = (size.width - spanX * scale) / 2;
  const offY = (size.height - spanY * scale) / 2;
  const xy = (lon: number, lat: number) => `${(offX + (lon - minLon) * k * scale).toFixed(1)} ${(offY + (maxLat - lat) * scale).toFixed(1)}`;
  return geometries.map((g) =>
    g
      ? polygonsOf(g)
          .flatMap((rings) => rings.map((ring) => `M${ring.map(([lon, lat]) => xy(lon!, lat!)).join("L")}Z`))
          .join(" ")
      : "",
  );
}
