// Reading and describing a GeoTIFF: size, bands, data type, nodata, CRS,
// footprint in EPSG:4326 and band statistics. Refuses, with a sentence that
// names the problem, anything it cannot describe correctly.
import type { GeoTIFF, GeoTIFFImage } from "geotiff";
import type { MultiPolygon, Polygon } from "geojson";
import { computeBandStats, type BandStats } from "./band-stats";
import { resolveGeoTiffCrs, toLonLat } from "./crs";
import { computeFootprint } from "./footprint";
import { DecompressionBombError, registerBoundedDeflate } from "./bounded-deflate";
import { ImageryError } from "./imagery-error";
import { checkTiffStructure } from "./tiff-structure";
import { toSource, type SourceInput } from "./source/byte-source";
import { geotiffFromSource } from "./source/geotiff-source";
import { georeferencingOf } from "./geotransform";

registerBoundedDeflate();

export interface GeoTiffDescription {
  width: number;
  height: number;
  bands: number;
  /** GDAL's names: Byte, UInt16, Int16, UInt32, Int32, Float32, Float64. */
  dataType: string;
  nodata: number | null;
  /** "EPSG:nnnn" or a PROJ string. */
  crs: string;
  crsProj4: string;
  /** Where the GeoKeys define no CRS and it was read from a citation key, what from (else null). */
  crsSource: string | null;
  /**
   * For an image georeferenced by ground control points: how many, the
   * polynomial order fitted, and the misfit in source pixels; width, height and
   * geoTransform then describe the north-up grid it is warped onto. Else null.
   */
  gcps: { count: number; order: 1; rmsPixels: number; maxPixels: number; sourceWidth: number; sourceHeight: number } | null;
  isCog: boolean;
  /** [west, south, east, north], EPSG:4326; west > east when the footprint crosses the antimeridian (RFC 7946 §5.2). */
  bbox: [number, number, number, number];
  /**
   * EPSG:4326, densified edges, counter-clockwise. A Polygon, except across the
   * antimeridian, where it is cut into a MultiPolygon (RFC 7946 §3.1.9).
   */
  footprint: Polygon | MultiPolygon;
  crossesAntimeridian: boolean;
  /** Set when the footprint encloses a pole (closed through it). */
  containsPole: "north" | "south" | null;
  /** GDAL-order affine transform from pixel corner (col, row) to CRS x/y. */
  geoTransform: [number, number, number, number, number, number];
  /** Ground sample distance in metres, where the CRS is in metres. */
  gsdM: number | null;
}

export interface InspectLimits {
  /** Pixels per band. */
  maxPixels: number;
  maxSide: number;
  /** Bands (samples per pixel): hyperspectral sensors have a few hundred; a header claiming 65,535 is hostile. Optional for callers that predate it. */
  maxBands?: number;
}

export const DEFAULT_LIMITS: InspectLimits = { maxPixels: 1_000_000_000, maxSide: 1_000_000, maxBands: 1_000 };

const DATA_TYPES: Record<string, string> = {
  "1:8": "Byte",
  "1:16": "UInt16",
  "1:32": "UInt32",
  "2:8": "Int8",
  "2:16": "Int16",
  "2:32": "Int32",
  "3:32": "Float32",
  "3:64": "Float64",
};

/** The GeoTIFF of a path or a byte source; closing it closes the source (which a ByteSource survives: it reopens). */
export async function openTiff(input: SourceInput): Promise<GeoTIFF> {
  const source = toSource(input);
  let size: number;
  try {
    size = await source.size();
  } catch {
    await source.close().catch(() => undefined);
    throw new ImageryError("unreadable", "the file could not be opened");
  }
  try {
    if (size === 0) throw new ImageryError("unreadable", "the file is empty");
    // Loops, runaway chains and directories past the end are refused before geotiff.js walks them.
    await checkTiffStructure(source);
    return await geotiffFromSource(source).catch((e: unknown) => Promise.reject(new ImageryError("unreadable", `not a TIFF file (${(e as Error).message})`)));
  } catch (e) {
    await source.close().catch(() => undefined);
    throw e;
  }
}

/** The size in bytes behind an input. */
async function sizeOf(input: SourceInput): Promise<number> {
  if (typeof input !== "string") return input.size();
  const source = toSource(input);
  try {
    return await source.size();
  } finally {
    await source.close();
  }
}

export async function firstImage(tiff: GeoTIFF): Promise<GeoTIFFImage> {
  try {
    return await tiff.getImage(0);
  } catch (e) {
    throw new ImageryError("unreadable", `the TIFF structure is broken or the file is truncated (${(e as Error).message})`);
  }
}

function describeDataType(image: GeoTIFFImage): string {
  const key = `${image.getSampleFormat(0) ?? 1}:${image.getBitsPerSample(0)}`;
  const t = DATA_TYPES[key];
  if (!t) throw new ImageryError("unsupported", `sample format ${key} (format:bits)`);
  return t;
}

/** Every strip or tile must lie inside the file, or the file is truncated or lying about its size. */
async function assertBlocksInsideFile(image: GeoTIFFImage, fileSize: number): Promise<void> {
  const dir = image.fileDirectory;
  const tiled = dir.hasTag("TileOffsets");
  let offsets: ArrayLike<number> | undefined;
  let counts: ArrayLike<number> | undefined;
  try {
    offsets = (await dir.loadValue(tiled ? "TileOffsets" : "StripOffsets")) as ArrayLike<number> | undefined;
    counts = (await dir.loadValue(tiled ? "TileByteCounts" : "StripByteCounts")) as ArrayLike<number> | undefined;
  } catch (e) {
    throw new ImageryError("unreadable", `the TIFF structure is broken or the file is truncated (${(e as Error).message})`);
  }
  if (!offsets || !counts || offsets.length !== counts.length || offsets.length === 0) {
    throw new ImageryError("unreadable", "the TIFF has no valid strip or tile table");
  }
  const tw = tiled ? image.getTileWidth() : image.getWidth();
  const th = tiled ? image.getTileHeight() : image.getTileHeight();
  const planes = image.fileDirectory.getValue("PlanarConfiguration") === 2 ? image.getSamplesPerPixel() : 1;
  const expected = Math.ceil(image.getWidth() / tw) * Math.ceil(image.getHeight() / th) * planes;
  if (offsets.length < expected) {
    throw new ImageryError("unreadable", `the TIFF declares ${image.getWidth()}×${image.getHeight()} pixels but holds only ${offsets.length} of ${expected} blocks`);
  }
  for (let i = 0; i < offsets.length; i++) {
    if (Number(offsets[i]) + Number(counts[i]) > fileSize) {
      throw new ImageryError("unreadable", `the file is truncated: block ${i} ends at byte ${Number(offsets[i]) + Number(counts[i])} but the file has ${fileSize} bytes`);
    }
  }
}

/** A cheap reading of the COG layout: tiled, and the first IFD before the image data. */
async function looksLikeCog(tiff: GeoTIFF, image: GeoTIFFImage): Promise<boolean> {
  if (!image.isTiled) return false;
  const offsets = (await image.fileDirectory.loadValue("TileOffsets")) as ArrayLike<number>;
  const count = await tiff.getImageCount();
  const fitsInOneTile = image.getWidth() <= image.getTileWidth() && image.getHeight() <= image.getTileHeight();
  return Number(offsets[0]) > 0 && Number(offsets[0]) < 64 * 1024 * 1024 && (count > 1 || fitsInOneTile);
}

/** Describes a GeoTIFF, or throws ImageryError saying why it cannot be taken in. */
export async function inspectGeoTiff(file: SourceInput, limits: InspectLimits = DEFAULT_LIMITS): Promise<GeoTiffDescription> {
  const tiff = await openTiff(file);
  try {
    const image = await firstImage(tiff);
    const width = image.getWidth();
    const height = image.getHeight();
    if (!(width > 0 && height > 0)) throw new ImageryError("unreadable", "the TIFF declares an empty image");
    if (width > limits.maxSide || height > limits.maxSide || width * height > limits.maxPixels) {
      throw new ImageryError("too-large", `${width}×${height} pixels is beyond the limit of ${limits.maxPixels.toLocaleString("en")} pixels per band`);
    }
    const bands = image.getSamplesPerPixel();
    const maxBands = limits.maxBands ?? DEFAULT_LIMITS.maxBands!;
    if (bands > maxBands) {
      // Say the count, never list them: a hostile header must not make a 100 KB message.
      throw new ImageryError("too-large", `the file claims ${bands.toLocaleString("en")} bands; at most ${maxBands.toLocaleString("en")} are taken in`);
    }
    await assertBlocksInsideFile(image, await sizeOf(file));
    const dataType = describeDataType(image);
    // A GCP-georeferenced image is described as the grid it is warped onto at conversion (imagery/gcp/).
    const georef = georeferencingOf(image);
    const grid = georef.kind === "gcps" ? georef.warp.grid : { width, height, gt: georef.gt };
    if (grid.width > limits.maxSide || grid.height > limits.maxSide || grid.width * grid.height > limits.maxPixels) {
      throw new ImageryError(
        "too-large",
        `warped onto a map grid, the image would be ${grid.width}×${grid.height} pixels, beyond the limit of ${limits.maxPixels.toLocaleString("en")} pixels per band`,
      );
    }
    const geoTransform = grid.gt;
    const crs = resolveGeoTiffCrs(image.getGeoKeys() as Record<string, unknown> | null);
    let fp: ReturnType<typeof computeFootprint>;
    try {
      fp = computeFootprint({ width: grid.width, height: grid.height, gt: geoTransform, toLonLat: toLonLat(crs) });
    } catch {
      throw new ImageryError("unreadable", `the corners of the image cannot be placed on Earth in ${crs.crs}`);
    }
    const [west, south, east, north] = fp.bbox;
    if (west < -180 || east > 180 || south < -90 || north > 90) {
      throw new ImageryError("unsupported", `the footprint falls outside lon -180..180 / lat -90..90 (${fp.bbox.join(", ")})`);
    }
    const pixelSize = Math.hypot(geoTransform[1], geoTransform[4]);
    return {
      width: grid.width,
      height: grid.height,
      bands: image.getSamplesPerPixel(),
      dataType,
      // Warping leaves the corners outside the image empty: they take the file's nodata, or 0.
      nodata: image.getGDALNoData() ?? (georef.kind === "gcps" ? 0 : null),
      crs: crs.crs,
      crsProj4: crs.proj4,
      crsSource: crs.source ?? null,
      isCog: await looksLikeCog(tiff, image),
      bbox: fp.bbox,
      footprint: fp.footprint,
      crossesAntimeridian: fp.crossesAntimeridian,
      containsPole: fp.containsPole,
      geoTransform,
      gsdM: crs.unit === "metre" ? pixelSize : null,
      gcps:
        georef.kind === "gcps"
          ? { count: georef.warp.gcps, order: 1, rmsPixels: georef.warp.rmsPixels, maxPixels: georef.warp.maxPixels, sourceWidth: width, sourceHeight: height }
          : null,
    };
  } finally {
    await tiff.close();
  }
}

/** Target size of the sample read for statistics (longest side, pixels). */
const STATS_SAMPLE_SIDE = 1024;

/**
 * Per-band statistics from a sample of at most ~1024² pixels (an overview where
 * the file has one). Also proves that the pixel data decodes.
 */
export async function computeGeoTiffStats(file: SourceInput, nodata: number | null): Promise<BandStats[]> {
  const tiff = await openTiff(file);
  try {
    const image = await firstImage(tiff);
    const scale = Math.min(1, STATS_SAMPLE_SIDE / Math.max(image.getWidth(), image.getHeight()));
    const width = Math.max(1, Math.round(image.getWidth() * scale));
    const height = Math.max(1, Math.round(image.getHeight() * scale));
    let rasters: ArrayLike<number>[];
    try {
      rasters = (await tiff.readRasters({ width, height, resampleMethod: "nearest", interleave: false })) as unknown as ArrayLike<number>[];
    } catch (e) {
      if (e instanceof DecompressionBombError) throw new ImageryError("unreadable", e.message);
      throw new ImageryError("unreadable", `the pixel data cannot be decoded (${(e as Error).message})`);
    }
    return Array.from(rasters, (band) => computeBandStats(band, nodata));
  } finally {
    await tiff.close();
  }
}
