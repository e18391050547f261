// Ground control points (GCPs): images georeferenced by hand (scanned maps,
// declassified reconnaissance frames tied in QGIS) carry several tiepoints and
// no grid. As `gdalwarp -order 1` does, a first-order polynomial is fitted by
// least squares in each direction (pixel → map for the footprint, map → pixel
// for sampling, each its own fit as GDAL's), and the image is warped onto the
// north-up grid GDAL's GDALSuggestedWarpOutput picks: the extent of the
// transformed image, with square pixels whose size keeps its diagonal's pixel count.
import { ImageryError } from "../imagery-error";
import type { GeoTransform } from "../geotransform";

export interface Gcp {
  pixel: number;
  line: number;
  x: number;
  y: number;
}

/** a + b·u + c·v, for each output coordinate. */
export interface Affine {
  x: [number, number, number];
  y: [number, number, number];
}

export interface GcpWarp {
  gcps: number;
  /** Pixel/line → map coordinates, fitted to the GCPs. */
  forward: Affine;
  /** Map coordinates → pixel/line, fitted separately (as GDAL does). */
  inverse: Affine;
  /** Root mean square and largest distance, in source pixels, between each GCP's pixel and where the fit puts its map point. */
  rmsPixels: number;
  maxPixels: number;
  /** The north-up grid the image is warped onto. */
  grid: { width: number; height: number; gt: GeoTransform };
}

/** The GCPs of a ModelTiepoint tag (I, J, K, X, Y, Z per point), or null for a grid's single tiepoint. */
export function gcpsOf(tiepoints: ArrayLike<number>, hasPixelScale: boolean): Gcp[] | null {
  if (tiepoints.length <= 6 && hasPixelScale) return null;
  const out: Gcp[] = [];
  for (let k = 0; k + 5 < tiepoints.length; k += 6) {
    out.push({ pixel: Number(tiepoints[k]), line: Number(tiepoints[k + 1]), x: Number(tiepoints[k + 3]), y: Number(tiepoints[k + 4]) });
  }
  return out;
}

/** Least-squares fit of f = a + b·u + c·v (centred, for conditioning); null when the points lie on one line. */
function fitPlane(points: { u: number; v: number; f: number }[]): [number, number, number] | null {
  const n = points.length;
  const mu = points.reduce((s, p) => s + p.u, 0) / n;
  const mv = points.reduce((s, p) => s + p.v, 0) / n;
  const mf = points.reduce((s, p) => s + p.f, 0) / n;
  let suu = 0;
  let svv = 0;
  let suv = 0;
  let suf = 0;
  let svf = 0;
  for (const p of points) {
    const du = p.u - mu;
    const dv = p.v - mv;
    const df = p.f - mf;
    suu += du * du;
    svv += dv * dv;
    suv += du * dv;
    suf += du * df;
    svf += dv * df;
  }
  const det = suu * svv - suv * suv;
  // Collinear (or coincident) points: the plane is not determined. Relative test, so units do not matter.
  if (!(Math.abs(det) > 1e-12 * Math.max(suu * svv, Number.MIN_VALUE))) return null;
  const b = (suf * svv - svf * suv) / det;
  const c = (svf * suu - suf * suv) / det;
  return [mf - b * mu - c * mv, b, c];
}

function fit(points: { u: number; v: number; fx: number; fy: number }[]): Affine | null {
  const x = fitPlane(points.map((p) => ({ u: p.u, v: p.v, f: p.fx })));
  const y = fitPlane(points.map((p) => ({ u: p.u, v: p.v, f: p.fy })));
  return x && y ? { x, y } : null;
}

export const applyAffine = (a: Affine, u: number, v: number): [number, number] => [a.x[0] + a.x[1] * u + a.x[2] * v, a.y[0] + a.y[1] * u + a.y[2] * v];

/** Fits the GCPs and chooses the output grid; refuses a set that cannot define a transform, saying why. */
export function fitGcps(gcps: Gcp[], width: number, height: number): GcpWarp {
  const usable = gcps.filter((g) => [g.pixel, g.line, g.x, g.y].every(Number.isFinite));
  if (usable.length < 3) {
    throw new ImageryError(
      "unsupported",
      `the image is georeferenced by ${usable.length} ground control point${usable.length === 1 ? "" : "s"}; at least 3, not on one line, are needed to place it (add control points in QGIS's georeferencer)`,
    );
  }
  const forward = fit(usable.map((g) => ({ u: g.pixel, v: g.line, fx: g.x, fy: g.y })));
  const inverse = fit(usable.map((g) => ({ u: g.x, v: g.y, fx: g.pixel, fy: g.line })));
  const det = forward ? forward.x[1] * forward.y[2] - forward.x[2] * forward.y[1] : 0;
  if (!forward || !inverse || !Number.isFinite(det) || det === 0) {
    throw new ImageryError(
      "unsupported",
      `the image's ${usable.length} ground control points lie on one line (in the image or on the map), so they cannot place it: add control points spread over the image`,
    );
  }
  const misfits = usable.map((g) => {
    const [p, l] = applyAffine(inverse, g.x, g.y);
    return Math.hypot(p - g.pixel, l - g.line);
  });
  const rmsPixels = Math.sqrt(misfits.reduce((s, d) => s + d * d, 0) / misfits.length);
  return { gcps: usable.length, forward, inverse, rmsPixels, maxPixels: Math.max(...misfits), grid: suggestedGrid(forward, width, height) };
}

/**
 * GDALSuggestedWarpOutput for an affine transform: the extent of the image's
 * corners (edges stay straight), square pixels of the size that keeps the
 * top-left → bottom-right diagonal's length in pixels, and the pixel and line
 * counts rounded from the extent.
 */
function suggestedGrid(forward: Affine, width: number, height: number): GcpWarp["grid"] {
  const corners = [applyAffine(forward, 0, 0), applyAffine(forward, width, 0), applyAffine(forward, width, height), applyAffine(forward, 0, height)];
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const diagonal = Math.hypot(corners[2]![0] - corners[0]![0], corners[2]![1] - corners[0]![1]);
  const size = diagonal / Math.hypot(width, height);
  const outWidth = Math.max(1, Math.floor((maxX - minX) / size + 0.5));
  const outHeight = Math.max(1, Math.floor((maxY - minY) / size + 0.5));
  return { width: outWidth, height: outHeight, gt: [minX, size, 0, maxY, 0, -size] };
}
