// The GDAL-order geotransform [x0, dx, rx, y0, ry, dy] of a GeoTIFF image, read
// as GDAL reads it: from ModelTransformation, or from one ModelTiepoint and
// ModelPixelScale — with the tiepoint's raster point (I, J) honoured: files from
// older tools tie a pixel other than the corner, and geotiff.js's getOrigin()
// ignores it. PixelIsPoint shifts to pixel corners. Several tiepoints are
// ground control points (a transform to fit, not a grid): georeferencingOf fits
// them (imagery/gcp/); geoTransformOf, for files that must be grids, refuses them.
import type { GeoTIFFImage } from "geotiff";
import { fitGcps, gcpsOf, type GcpWarp } from "./gcp/gcp-transform";
import { ImageryError } from "./imagery-error";

export type GeoTransform = [number, number, number, number, number, number];

/** How an image is placed: a grid, or ground control points fitted and warped onto a grid (imagery/gcp/). */
export type Georeferencing = { kind: "grid"; gt: GeoTransform } | { kind: "gcps"; warp: GcpWarp };

export function georeferencingOf(image: GeoTIFFImage): Georeferencing {
  const dir = image.fileDirectory;
  if (!dir.hasTag("ModelTransformation") && dir.hasTag("ModelTiepoint")) {
    const gcps = gcpsOf(dir.getValue("ModelTiepoint") as ArrayLike<number>, dir.hasTag("ModelPixelScale"));
    if (gcps) {
      // PixelIsPoint: a GCP names a pixel's centre; GDAL moves it to the corner convention by half a pixel.
      const half = image.getGeoKeys()?.GTRasterTypeGeoKey === 2 ? 0.5 : 0;
      return {
        kind: "gcps",
        warp: fitGcps(
          gcps.map((g) => ({ ...g, pixel: g.pixel + half, line: g.line + half })),
          image.getWidth(),
          image.getHeight(),
        ),
      };
    }
  }
  return { kind: "grid", gt: geoTransformOf(image) };
}

export function geoTransformOf(image: GeoTIFFImage): GeoTransform {
  const dir = image.fileDirectory;
  const transform = dir.getValue("ModelTransformation") as number[] | undefined;
  let gt: GeoTransform;
  if (transform && transform.length >= 8) {
    gt = [transform[3]!, transform[0]!, transform[1]!, transform[7]!, transform[4]!, transform[5]!];
  } else if (dir.hasTag("ModelTiepoint")) {
    const tie = Array.from(dir.getValue("ModelTiepoint") as ArrayLike<number>);
    // Several tiepoints, or one without a pixel size, are ground control points: a transform to fit, not a grid.
    if (tie.length > 6 || !dir.hasTag("ModelPixelScale")) {
      const n = Math.floor(tie.length / 6);
      throw new ImageryError(
        "unsupported",
        `the image is georeferenced by ${n} ground control point${n === 1 ? "" : "s"}, not a grid: warp it to a grid first (e.g. gdalwarp -order 1)`,
      );
    }
    const scale = Array.from(dir.getValue("ModelPixelScale") as ArrayLike<number>);
    const [i, j, , x, y] = tie as [number, number, number, number, number];
    const [sx, sy] = scale as [number, number];
    // The tiepoint ties raster point (I, J) to (X, Y): the corner (0, 0) is I pixels left and J pixels up of it.
    gt = [x - i * sx, sx, 0, y + j * sy, 0, -sy];
  } else {
    throw new ImageryError("unreadable", "the TIFF has no georeferencing (no ModelTiepoint/ModelPixelScale or ModelTransformation): georeference it first, e.g. in QGIS");
  }
  if (!gt.every(Number.isFinite) || gt[1] * gt[5] - gt[2] * gt[4] === 0) {
    throw new ImageryError("unreadable", "the georeferencing is degenerate (zero or non-finite pixel size)");
  }
  // PixelIsPoint: the tiepoint names a pixel centre; shift to the corner as GDAL does.
  if (image.getGeoKeys()?.GTRasterTypeGeoKey === 2) {
    gt = [gt[0] - 0.5 * gt[1] - 0.5 * gt[2], gt[1], gt[2], gt[3] - 0.5 * gt[4] - 0.5 * gt[5], gt[4], gt[5]];
  }
  return gt;
}
