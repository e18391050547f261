// A scene's COG opened for rendering: its levels (full resolution and
// overviews) with their geotransforms, its CRS as seen from Web Mercator, and
// decoded blocks kept in a shared cache bounded in bytes, so neighbouring web
// tiles reuse what they decoded. Open files are kept in a small cache too.
// The COG is a local path or a byte source (a stored object read by range).
import { getDecoder, type GeoTIFF, type GeoTIFFImage } from "geotiff";
import proj4 from "proj4";
import { registerBoundedDeflate } from "../bounded-deflate";
import { resolveGeoTiffCrs } from "../crs";
import { ImageryError } from "../imagery-error";
import { checkTiffStructure } from "../tiff-structure";
import { toSource, type SourceInput } from "../source/byte-source";
import { geotiffFromSource } from "../source/geotiff-source";
import type { SampleArray } from "../cog/tile-encode";
import { ByteLru } from "./lru";
import { geoTransformOf } from "../geotransform";

registerBoundedDeflate();

export interface Level {
  image: GeoTIFFImage;
  width: number;
  height: number;
  /** GDAL-order affine transform of this level. */
  gt: [number, number, number, number, number, number];
  blockWidth: number;
  blockHeight: number;
  /** Reads one block (pixel-interleaved, blockWidth × blockHeight, padded at the edges). */
  readBlock(bx: number, by: number): Promise<SampleArray>;
}

export interface RenderSource {
  /** The path or the source's name: the key of its cached blocks. */
  file: string;
  levels: Level[];
  samples: number;
  nodata: number | null;
  /** RGB colour map (0..255) for palette images. */
  palette: Uint8Array | null;
  /** EPSG:3857 [x, y] to the source CRS [x, y]. */
  fromMercator(xy: [number, number]): [number, number];
}

const BLOCK_CACHE_BYTES = Number(process.env.SITEWATCH_TILE_BLOCK_CACHE_MB ?? 256) * 1024 * 1024;
const blockCache = new ByteLru<Promise<SampleArray>>(BLOCK_CACHE_BYTES);
const sources = new ByteLru<Promise<RenderSource>>(32, (s) => void s.then((src) => closeSource(src)).catch(() => undefined));
const open = new Map<string, GeoTIFF>();

/** Blocks decoded since start (not served from the cache): lets tests and benchmarks see what a render read. */
export const renderCounters = { blocksDecoded: 0 };

async function closeSource(src: RenderSource): Promise<void> {
  const tiff = open.get(src.file);
  open.delete(src.file);
  await tiff?.close();
}

/** The GDAL-order geotransform of an image (one rule for the whole engine: ../geotransform.ts). */
export const gtOf = geoTransformOf;

async function makeLevel(file: string, index: number, image: GeoTIFFImage, gt: Level["gt"], littleEndian: boolean): Promise<Level> {
  const dir = image.fileDirectory;
  const width = image.getWidth();
  const height = image.getHeight();
  const samples = image.getSamplesPerPixel();
  const bits = image.getBitsPerSample(0);
  const compression = Number(dir.getValue("Compression") ?? 1);
  const planar = Number(dir.getValue("PlanarConfiguration") ?? 1);
  const direct = image.isTiled && planar === 1 && (littleEndian || bits === 8) && [1, 5, 8, 32946, 32773].includes(compression);
  const blockWidth = direct ? image.getTileWidth() : 512;
  const blockHeight = direct ? image.getTileHeight() : 512;
  const decoder = direct
    ? await getDecoder(compression, {
        tileWidth: blockWidth,
        tileHeight: blockHeight,
        planarConfiguration: 1,
        bitsPerSample: Array.from(dir.getValue("BitsPerSample") as ArrayLike<number>),
        predictor: Number((await dir.loadValue("Predictor")) ?? 1),
      } as never)
    : null;
  const probe = (await image.readRasters({ window: [0, 0, 1, 1], interleave: true })) as unknown as SampleArray;
  const Ctor = probe.constructor as new (b: ArrayBufferLike) => SampleArray;
  const read = async (bx: number, by: number): Promise<SampleArray> => {
    renderCounters.blocksDecoded++;
    if (decoder) {
      const { data } = await image.getTileOrStrip(bx, by, 0, decoder as never);
      return new Ctor(data as ArrayBuffer);
    }
    const x0 = bx * blockWidth;
    const y0 = by * blockHeight;
    const w = Math.min(blockWidth, width - x0);
    const h = Math.min(blockHeight, height - y0);
    const part = (await image.readRasters({ window: [x0, y0, x0 + w, y0 + h], interleave: true })) as unknown as SampleArray;
    const full = new (probe.constructor as new (n: number) => SampleArray)(blockWidth * blockHeight * samples);
    for (let r = 0; r < h; r++) full.set(part.subarray(r * w * samples, (r + 1) * w * samples), r * blockWidth * samples);
    return full;
  };
  return {
    image,
    width,
    height,
    gt,
    blockWidth,
    blockHeight,
    readBlock(bx, by) {
      const key = `${file}\u0000${index}\u0000${bx}\u0000${by}`;
      const hit = blockCache.get(key);
      if (hit) return hit;
      const p = read(bx, by);
      p.catch(() => blockCache.delete(key));
      blockCache.set(key, p, blockWidth * blockHeight * samples * probe.BYTES_PER_ELEMENT);
      return p;
    },
  };
}

async function load(input: SourceInput): Promise<RenderSource> {
  const source = toSource(input);
  const file = source.name;
  const tiff = await checkTiffStructure(source)
    .then(() => geotiffFromSource(source))
    .catch(async (e: unknown) => {
      await source.close().catch(() => undefined);
      throw e;
    });
  open.set(file, tiff);
  const count = await tiff.getImageCount();
  const base = await tiff.getImage(0);
  const gt0 = gtOf(base);
  const littleEndian = (tiff as unknown as { littleEndian: boolean }).littleEndian;
  const levels: Level[] = [await makeLevel(file, 0, base, gt0, littleEndian)];
  for (let i = 1; i < count; i++) {
    const image = await tiff.getImage(i);
    // Masks and other sub-images are not overviews.
    const subfile = Number(image.fileDirectory.getValue("NewSubfileType") ?? 0);
    if ((subfile & 4) !== 0 || image.getSamplesPerPixel() !== base.getSamplesPerPixel()) continue;
    const sx = base.getWidth() / image.getWidth();
    const sy = base.getHeight() / image.getHeight();
    levels.push(await makeLevel(file, i, image, [gt0[0], gt0[1] * sx, gt0[2] * sy, gt0[3], gt0[4] * sx, gt0[5] * sy], littleEndian));
  }
  levels.sort((a, b) => b.width - a.width);
  const crs = resolveGeoTiffCrs(base.getGeoKeys() as Record<string, unknown> | null);
  const converter = proj4("EPSG:3857", crs.proj4);
  let palette: Uint8Array | null = null;
  if (Number(base.fileDirectory.getValue("PhotometricInterpretation")) === 3) {
    const map = (await base.fileDirectory.loadValue("ColorMap")) as ArrayLike<number>;
    const n = map.length / 3;
    palette = new Uint8Array(n * 3);
    for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) palette[i * 3 + c] = map[c * n + i]! >> 8;
  }
  return {
    file,
    levels,
    samples: base.getSamplesPerPixel(),
    nodata: base.getGDALNoData(),
    palette,
    fromMercator: (xy) => converter.forward(xy) as [number, number],
  };
}

/** The render source of a COG (a path or a byte source, known by its name), opened once and kept while it is in use. */
export function openRenderSource(input: SourceInput): Promise<RenderSource> {
  const file = typeof input === "string" ? input : input.name;
  const hit = sources.get(file);
  if (hit) return hit;
  const p = load(input).catch((e: unknown) => {
    sources.delete(file);
    throw e instanceof ImageryError ? e : new ImageryError("unreadable", `the scene's file cannot be opened for rendering (${(e as Error).message})`);
  });
  sources.set(file, p, 1);
  return p;
}
