// The two scenes of a detection as opened for reading: georeferencing, CRS,
// nodata and sample range, the block layout workers can decode (or null),
// a general row reader with a few strips kept, and the area of interest in the
// before scene's pixel coordinates.
import type { MultiPolygon, Polygon, Position } from "geojson";
import type { GeoTIFF, GeoTIFFImage } from "geotiff";
import proj4 from "proj4";
import { createRowReader, type RowReader } from "../cog/read-rows";
import type { SampleArray } from "../cog/tile-encode";
import { resolveGeoTiffCrs, type ResolvedCrs } from "../crs";
import { ImageryError } from "../imagery-error";
import { firstImage, openTiff } from "../inspect";
import { positionalReader, toSource, type ByteSource, type PositionalReader, type SourceInput } from "../source/byte-source";
import { gtOf } from "../tiles/render-source";
import type { PixelRing } from "./aoi-raster";
import type { PixelArray } from "./band-compute";
import { blockLayoutOf, type BlockLayout } from "./raw-blocks";

export interface Raster {
  tiff: GeoTIFF;
  image: GeoTIFFImage;
  width: number;
  height: number;
  samples: number;
  gt: [number, number, number, number, number, number];
  crs: ResolvedCrs;
  nodata: number | null;
  reader: RowReader;
  /** Rows read at a time by the general reader (whole blocks). */
  stripHeight: number;
  /** Blocks decodable in the workers (read raw), or null: decoded on the main thread. */
  layout: BlockLayout | null;
  /** The raw bytes of the file (the same source the TIFF reads). */
  file: PositionalReader;
  /** [min, max] of integer sample types; null for floats. */
  integerRange: [number, number] | null;
}

export async function openRaster(input: SourceInput, role: "before" | "after"): Promise<Raster> {
  const source = toSource(input);
  let tiff: GeoTIFF;
  try {
    tiff = await openTiff(source);
  } catch (e) {
    throw e instanceof ImageryError ? e.forFile(`the ${role} scene`) : e;
  }
  try {
    return await describeRaster(tiff, source, role);
  } catch (e) {
    // Closing the TIFF closes its source: nothing stays open for a scene refused here.
    await tiff.close();
    throw e;
  }
}

async function describeRaster(tiff: GeoTIFF, source: ByteSource, role: "before" | "after"): Promise<Raster> {
  let image: GeoTIFFImage;
  try {
    image = await firstImage(tiff);
  } catch (e) {
    throw e instanceof ImageryError ? e.forFile(`the ${role} scene`) : e;
  }
  if (Number(image.fileDirectory.getValue("PhotometricInterpretation")) === 3) {
    throw new ImageryError("unsupported", `the ${role} scene is a palette (class) image: change detection compares measured brightness, not classes`);
  }
  const format = image.getSampleFormat(0) ?? 1;
  const bits = image.getBitsPerSample(0);
  const littleEndian = (tiff as unknown as { littleEndian: boolean }).littleEndian;
  return {
    tiff,
    image,
    width: image.getWidth(),
    height: image.getHeight(),
    samples: image.getSamplesPerPixel(),
    gt: gtOf(image),
    crs: resolveGeoTiffCrs(image.getGeoKeys() as Record<string, unknown> | null),
    nodata: image.getGDALNoData(),
    reader: await createRowReader(image, littleEndian),
    stripHeight: Math.max(64, Math.min(1024, image.isTiled ? image.getTileHeight() : 256)),
    layout: await blockLayoutOf(image, littleEndian),
    file: positionalReader(source),
    integerRange: format === 3 ? null : format === 2 ? [-(2 ** (bits - 1)), 2 ** (bits - 1) - 1] : [0, 2 ** bits - 1],
  };
}

export function invertGt(gt: Raster["gt"]): (x: number, y: number) => [number, number] {
  const det = gt[1] * gt[5] - gt[2] * gt[4];
  if (det === 0) throw new ImageryError("unsupported", "a scene's geotransform is degenerate");
  return (x, y) => {
    const dx = x - gt[0];
    const dy = y - gt[3];
    return [(gt[5] * dx - gt[2] * dy) / det, (-gt[4] * dx + gt[1] * dy) / det];
  };
}

/** Rows of the after scene, read in strips that are kept a little while (neighbouring bands of rows share them). */
export function stripCache(r: Raster) {
  const cache = new Map<number, Promise<SampleArray>>();
  const strip = (i: number) => {
    let p = cache.get(i);
    if (!p) {
      p = r.reader.read(i * r.stripHeight, Math.min(r.height, (i + 1) * r.stripHeight));
      cache.set(i, p);
      while (cache.size > 3) cache.delete(cache.keys().next().value!);
    }
    return p;
  };
  /** Rows y0..y1 and columns x0..x1 (exclusive ends), all samples. */
  return async (x0: number, y0: number, x1: number, y1: number): Promise<PixelArray> => {
    const spp = r.samples;
    const first = Math.floor(y0 / r.stripHeight);
    const last = Math.floor((y1 - 1) / r.stripHeight);
    const strips = await Promise.all(Array.from({ length: last - first + 1 }, (_, k) => strip(first + k)));
    const Ctor = strips[0]!.constructor as new (n: number) => PixelArray;
    const out = new Ctor((x1 - x0) * (y1 - y0) * spp);
    for (let y = y0; y < y1; y++) {
      const s = strips[Math.floor(y / r.stripHeight) - first]!;
      const row = (y - Math.floor(y / r.stripHeight) * r.stripHeight) * r.width;
      out.set(s.subarray((row + x0) * spp, (row + x1) * spp), (y - y0) * (x1 - x0) * spp);
    }
    return out;
  };
}

export function toBeforePixelRings(aoi: Polygon | MultiPolygon, before: Raster): PixelRing[] {
  const toCrs =
    before.crs.crs === "EPSG:4326" ? (p: Position) => p as [number, number] : (p: Position) => proj4("EPSG:4326", before.crs.proj4, p as [number, number]) as [number, number];
  const inv = invertGt(before.gt);
  const polygons = aoi.type === "Polygon" ? [aoi.coordinates] : aoi.coordinates;
  return polygons.flatMap((rings) => rings.map((ring) => ring.map((p) => inv(...toCrs(p)))));
}
