// GeoTIFF in, Cloud-Optimised GeoTIFF out (decision record 0004): 512-pixel
// tiles, deflate with predictor, overviews halving down to one tile, the
// header and every IFD before the pixel data, GDAL's structural metadata so
// GDAL recognises the layout. Same pixels, nodata and georeferencing.
//
// Streamed: the input is read one row of tiles at a time; each finished row of
// tiles is compressed (on the zlib thread pool) into a temporary file per
// level and halved into the next level's row buffer. Memory is a few rows of
// tiles per level, whatever the image size. The file is assembled at the end
// under a temporary name and renamed, so a failure leaves nothing behind.
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { GeoTIFFImage } from "geotiff";
import type { BandStats } from "../band-stats";
import { createWarpedRowReader } from "../gcp/warped-rows";
import { gridGeoFields } from "../gcp/grid-geo-fields";
import { georeferencingOf } from "../geotransform";
import { ImageryError } from "../imagery-error";
import { toSource, type SourceInput } from "../source/byte-source";
import { DEFAULT_LIMITS, firstImage, inspectGeoTiff, openTiff, type GeoTiffDescription, type InspectLimits } from "../inspect";
import type { OverviewResampling, PixelBlock } from "./downsample";
import { createRowReader, type RowReader } from "./read-rows";
import { StreamStats } from "./stream-stats";
import { predictorFor, type SampleArray } from "./tile-encode";
import { TilePool } from "./tile-pool";
import { encodeGhostArea, encodeHeader, encodeIfd, ifdByteSize, TAG, TYPE, type TiffField } from "./tiff-ifd";

export const COG_TILE_SIZE = 512;
/** Statistics come from the largest level with at most this many pixels (GDAL's approximate statistics do the same). */
const STATS_LEVEL_PIXELS = 2048 * 2048;

export interface CogProgress {
  /** 0..1 */
  fraction: number;
  message: string;
}

export interface WriteCogOptions {
  onProgress?: (p: CogProgress) => void;
  signal?: AbortSignal;
  /** zlib level; 6 is GDAL's default. */
  deflateLevel?: number;
  limits?: InspectLimits;
}

export interface CogResult {
  description: GeoTiffDescription;
  /** Full resolution first, then each overview. */
  levels: Array<{ width: number; height: number }>;
  byteSize: number;
  bigTiff: boolean;
  bandStats: BandStats[];
}

interface Level {
  width: number;
  height: number;
  tilesX: number;
  /** Rows assembled for this level's current row of tiles (from the halves of the level below). */
  buffer: SampleArray | null;
  rowsFilled: number;
  /** Rows of this level already sent to the workers. */
  rowsDone: number;
  tempPath: string;
  file: fs.FileHandle;
  written: number;
  /** Offsets (of the data, after the 4-byte leader) inside this level's temp file, and sizes. */
  offsets: number[];
  counts: number[];
}

interface SourceLayout {
  samples: number;
  bitsPerSample: number;
  sampleFormat: number;
  photometric: number;
  extraSamples: number[];
  colorMap: number[] | null;
  nodataText: string | null;
  resampling: OverviewResampling;
  geoFields: TiffField[];
  gdalMetadata: string | null;
}

function levelSizes(width: number, height: number): Array<{ width: number; height: number }> {
  const sizes = [{ width, height }];
  while (width > COG_TILE_SIZE || height > COG_TILE_SIZE) {
    width = Math.ceil(width / 2);
    height = Math.ceil(height / 2);
    sizes.push({ width, height });
  }
  return sizes;
}

async function describeSource(image: GeoTIFFImage): Promise<SourceLayout> {
  const dir = image.fileDirectory;
  const samples = image.getSamplesPerPixel();
  const bits = Array.from({ length: samples }, (_, i) => image.getBitsPerSample(i));
  if (bits.some((b) => b !== bits[0])) {
    // The distinct depths, never one per band: a hostile header claims 65,535 bands.
    const depths = [...new Set(bits)].sort((a, b) => a - b);
    const listed = depths.length > 6 ? `${depths.slice(0, 6).join(", ")}, …` : depths.join(", ");
    throw new ImageryError("unsupported", `the file claims ${samples.toLocaleString("en")} bands of different bit depths (${listed} bits)`);
  }
  let photometric = Number(dir.getValue("PhotometricInterpretation") ?? 1);
  // geotiff.js hands JPEG-in-YCbCr pixels over as RGB.
  if (photometric === 6) photometric = 2;
  const colourChannels: Record<number, number> = { 0: 1, 1: 1, 2: 3, 3: 1, 5: 4 };
  const channels = colourChannels[photometric];
  if (channels === undefined || samples < channels) throw new ImageryError("unsupported", `photometric interpretation ${photometric} with ${samples} bands`);
  const declared = Array.from((dir.getValue("ExtraSamples") as ArrayLike<number> | undefined) ?? []);
  const extraCount = samples - channels;
  const extraSamples = declared.length === extraCount ? declared : new Array<number>(extraCount).fill(0);
  const colorMap = photometric === 3 ? Array.from(((await dir.loadValue("ColorMap")) as ArrayLike<number> | undefined) ?? []) : null;
  if (photometric === 3 && (!colorMap || colorMap.length !== 3 * 2 ** bits[0]!)) throw new ImageryError("unsupported", "a palette image without a complete colour map");

  const geoFields: TiffField[] = [];
  const doubles = async (name: string, tag: number) => {
    const v = (await dir.loadValue(name as never)) as ArrayLike<number> | undefined;
    if (v && v.length) geoFields.push({ tag, type: TYPE.DOUBLE, values: Array.from(v, Number) });
  };
  await doubles("ModelPixelScale", TAG.ModelPixelScale);
  await doubles("ModelTiepoint", TAG.ModelTiepoint);
  await doubles("ModelTransformation", TAG.ModelTransformation);
  await doubles("GeoDoubleParams", TAG.GeoDoubleParams);
  const keys = (await dir.loadValue("GeoKeyDirectory")) as ArrayLike<number> | undefined;
  if (keys && keys.length) geoFields.push({ tag: TAG.GeoKeyDirectory, type: TYPE.SHORT, values: Array.from(keys, Number) });
  const ascii = (await dir.loadValue("GeoAsciiParams")) as string | undefined;
  if (ascii) geoFields.push({ tag: TAG.GeoAsciiParams, type: TYPE.ASCII, values: ascii.replace(/\0$/, "") });
  const meta = (await dir.loadValue("GDAL_METADATA")) as string | undefined;
  const nodata = dir.getValue("GDAL_NODATA") as string | undefined;
  return {
    samples,
    bitsPerSample: bits[0]!,
    sampleFormat: image.getSampleFormat(0) ?? 1,
    photometric,
    extraSamples,
    colorMap,
    nodataText: nodata ? nodata.replace(/\0$/, "") : null,
    resampling: photometric === 3 ? "nearest" : "average",
    geoFields,
    gdalMetadata: typeof meta === "string" && meta.length ? meta.replace(/\0$/, "") : null,
  };
}

function levelFields(src: SourceLayout, level: Level, index: number, offsets: number[], bigTiff: boolean, predictor: number): TiffField[] {
  const n = src.samples;
  const fields: TiffField[] = [
    { tag: TAG.ImageWidth, type: TYPE.LONG, values: [level.width] },
    { tag: TAG.ImageLength, type: TYPE.LONG, values: [level.height] },
    { tag: TAG.BitsPerSample, type: TYPE.SHORT, values: new Array(n).fill(src.bitsPerSample) },
    { tag: TAG.Compression, type: TYPE.SHORT, values: [8] },
    { tag: TAG.Photometric, type: TYPE.SHORT, values: [src.photometric] },
    { tag: TAG.SamplesPerPixel, type: TYPE.SHORT, values: [n] },
    { tag: TAG.PlanarConfiguration, type: TYPE.SHORT, values: [1] },
    { tag: TAG.Predictor, type: TYPE.SHORT, values: [predictor] },
    { tag: TAG.TileWidth, type: TYPE.SHORT, values: [COG_TILE_SIZE] },
    { tag: TAG.TileLength, type: TYPE.SHORT, values: [COG_TILE_SIZE] },
    { tag: TAG.TileOffsets, type: bigTiff ? TYPE.LONG8 : TYPE.LONG, values: offsets },
    { tag: TAG.TileByteCounts, type: TYPE.LONG, values: level.counts },
    { tag: TAG.SampleFormat, type: TYPE.SHORT, values: new Array(n).fill(src.sampleFormat) },
  ];
  if (index > 0) fields.push({ tag: TAG.NewSubfileType, type: TYPE.LONG, values: [1] });
  if (src.extraSamples.length) fields.push({ tag: TAG.ExtraSamples, type: TYPE.SHORT, values: src.extraSamples });
  if (src.colorMap) fields.push({ tag: TAG.ColorMap, type: TYPE.SHORT, values: src.colorMap });
  if (src.nodataText !== null) fields.push({ tag: TAG.GdalNoData, type: TYPE.ASCII, values: src.nodataText });
  if (index === 0) {
    fields.push(...src.geoFields);
    if (src.gdalMetadata) fields.push({ tag: TAG.GdalMetadata, type: TYPE.ASCII, values: src.gdalMetadata });
  }
  return fields;
}

/** Copies one tile out of a row of tiles, padding past the image edge with `fill`. */
function extractTile(block: PixelBlock, tx: number, fill: number): SampleArray {
  const { data, width, height, samples } = block;
  const Ctor = data.constructor as new (n: number) => SampleArray;
  const tile = new Ctor(COG_TILE_SIZE * COG_TILE_SIZE * samples);
  const x0 = tx * COG_TILE_SIZE;
  const w = Math.min(COG_TILE_SIZE, width - x0);
  if (fill !== 0 && (w < COG_TILE_SIZE || height < COG_TILE_SIZE)) tile.fill(fill);
  for (let r = 0; r < height; r++) {
    const from = (r * width + x0) * samples;
    tile.set(data.subarray(from, from + w * samples), r * COG_TILE_SIZE * samples);
  }
  return tile;
}

/** Writes a Cloud-Optimised GeoTIFF of `input` (a path or a byte source) at `output`. Throws ImageryError for input it cannot take. */
export async function writeCog(input: SourceInput, output: string, options: WriteCogOptions = {}): Promise<CogResult> {
  const { onProgress, signal, deflateLevel = 6, limits = DEFAULT_LIMITS } = options;
  if (typeof input === "string" && path.resolve(input) === path.resolve(output)) throw new ImageryError("unsupported", "the output would overwrite the input");
  // One source for the description and the conversion: a remote input's header is read once.
  const source = toSource(input);
  const description = await inspectGeoTiff(source, limits).catch(async (e: unknown) => {
    await source.close().catch(() => undefined);
    throw e;
  });
  const tiff = await openTiff(source);
  const token = randomBytes(6).toString("hex");
  const partial = `${output}.partial-${token}`;
  const levels: Level[] = [];
  let pool: TilePool | null = null;
  try {
    const image = await firstImage(tiff);
    let src = await describeSource(image);
    const georef = georeferencingOf(image);
    const fill = description.nodata !== null && Number.isFinite(description.nodata) ? description.nodata : 0;
    let reader: RowReader;
    if (georef.kind === "gcps") {
      // Ground control points: the COG is the north-up grid they are warped onto (the original is kept as uploaded).
      reader = createWarpedRowReader(image, georef.warp, fill);
      src = { ...src, geoFields: gridGeoFields(src.geoFields, georef.warp.grid.gt), nodataText: src.nodataText ?? String(fill) };
    } else {
      reader = await createRowReader(image, (tiff as unknown as { littleEndian: boolean }).littleEndian);
    }
    const { width, height } = description;
    const sizes = levelSizes(width, height);
    for (const [i, s] of sizes.entries()) {
      const tempPath = `${output}.level${i}-${token}`;
      levels.push({
        ...s,
        tilesX: Math.ceil(s.width / COG_TILE_SIZE),
        buffer: null,
        rowsFilled: 0,
        rowsDone: 0,
        tempPath,
        file: await fs.open(tempPath, "w+"),
        written: 0,
        offsets: [],
        counts: [],
      });
    }
    const statsLevel = sizes.findIndex((s) => s.width * s.height <= STATS_LEVEL_PIXELS);
    let stats: StreamStats | null = null;
    let predictor = 2;
    pool = new TilePool();
    const tiles = pool;

    const append = async (level: Level, data: Buffer) => {
      const framed = Buffer.allocUnsafe(data.length + 8);
      framed.writeUInt32LE(data.length, 0);
      data.copy(framed, 4);
      data.copy(framed, data.length + 4, data.length - 4);
      await level.file.write(framed, 0, framed.length, level.written);
      level.offsets.push(level.written + 4);
      level.counts.push(data.length);
      level.written += framed.length;
    };

    /**
     * Sends a completed row of tiles of level `index` to the workers at once, and
     * returns what finishes it: writing the tiles in order, placing their halves
     * in the next level's rows, and sending that level's row when it is complete.
     */
    const dispatchRow = (index: number, block: PixelBlock): (() => Promise<void>) => {
      const level = levels[index]!;
      const next = levels[index + 1];
      if (index === statsLevel) {
        stats ??= new StreamStats(src.samples, description.nodata, level.width * level.height, block.data);
        stats.add(block.data);
      }
      const jobs = Array.from({ length: level.tilesX }, (_, tx) =>
        tiles.run({
          tile: extractTile(block, tx, fill),
          size: COG_TILE_SIZE,
          samples: src.samples,
          validWidth: Math.min(COG_TILE_SIZE, level.width - tx * COG_TILE_SIZE),
          validHeight: block.height,
          halve: next ? src.resampling : null,
          nodata: description.nodata,
          deflateLevel,
        }),
      );
      for (const j of jobs) j.catch(() => undefined);
      return async () => {
        const half = COG_TILE_SIZE / 2;
        const halfRows = Math.ceil(block.height / 2);
        for (const [tx, job] of jobs.entries()) {
          const { compressed, halved } = await job;
          await append(level, compressed);
          if (!next || !halved) continue;
          const Ctor = halved.constructor as new (n: number) => SampleArray;
          next.buffer ??= new Ctor(COG_TILE_SIZE * next.width * src.samples);
          const hw = Math.ceil(Math.min(COG_TILE_SIZE, level.width - tx * COG_TILE_SIZE) / 2);
          for (let r = 0; r < halfRows; r++) {
            next.buffer.set(halved.subarray(r * hw * src.samples, (r + 1) * hw * src.samples), ((next.rowsFilled + r) * next.width + tx * half) * src.samples);
          }
        }
        if (!next) return;
        next.rowsFilled += halfRows;
        if (next.rowsFilled === COG_TILE_SIZE || next.rowsDone + next.rowsFilled === next.height) {
          const rows = next.rowsFilled;
          next.rowsFilled = 0;
          next.rowsDone += rows;
          const buffer = next.buffer!;
          next.buffer = null;
          await dispatchRow(index + 1, { data: buffer.subarray(0, rows * next.width * src.samples), width: next.width, height: rows, samples: src.samples })();
        }
      };
    };

    // Reading the next row of tiles overlaps with the workers compressing the previous one.
    let previous: Promise<void> = Promise.resolve();
    for (let y0 = 0; y0 < height; y0 += COG_TILE_SIZE) {
      signal?.throwIfAborted();
      const y1 = Math.min(height, y0 + COG_TILE_SIZE);
      let data: SampleArray;
      try {
        data = await reader.read(y0, y1);
      } catch (e) {
        if (e instanceof ImageryError || (e as Error)?.name === "DecompressionBombError") throw e;
        throw new ImageryError("unreadable", `the pixel data cannot be decoded near row ${y0} (${(e as Error).message})`);
      }
      await previous;
      predictor = predictorFor(data);
      previous = dispatchRow(0, { data, width, height: y1 - y0, samples: src.samples })();
      previous.catch(() => undefined);
      onProgress?.({ fraction: (0.95 * y0) / height, message: `converting: ${y0} of ${height} rows` });
    }
    await previous;
    signal?.throwIfAborted();

    onProgress?.({ fraction: 0.96, message: "writing the cloud-optimised file" });
    const written = await assemble(partial, src, levels, predictor);
    await fs.rename(partial, output);
    onProgress?.({ fraction: 1, message: "converted" });
    const bandStats = (stats as StreamStats | null)?.result() ?? [];
    return { description, levels: sizes, byteSize: written.size, bigTiff: written.bigTiff, bandStats };
  } catch (e) {
    await fs.rm(partial, { force: true });
    if ((e as Error)?.name === "DecompressionBombError") throw new ImageryError("unreadable", (e as Error).message);
    throw e;
  } finally {
    await pool?.close();
    await tiff.close();
    for (const l of levels) {
      await l.file.close().catch(() => undefined);
      await fs.rm(l.tempPath, { force: true });
    }
  }
}

/** Header, structural metadata and every IFD, then the tiles from the smallest overview to full resolution. */
async function assemble(out: string, src: SourceLayout, levels: Level[], predictor: number): Promise<{ size: number; bigTiff: boolean }> {
  const ghost = encodeGhostArea();
  const dataBytes = levels.reduce((a, l) => a + l.written, 0);
  const layoutFor = (bigTiff: boolean) => {
    const headerSize = bigTiff ? 16 : 8;
    const firstIfd = headerSize + ghost.length + ((headerSize + ghost.length) % 2);
    const placeholder = levels.map((l, i) => levelFields(src, l, i, l.offsets, bigTiff, predictor));
    const ifdSizes = placeholder.map((f) => ifdByteSize(f, { bigTiff }));
    const ifdStarts: number[] = [];
    let at = firstIfd;
    for (const s of ifdSizes) {
      ifdStarts.push(at);
      at += s;
    }
    return { headerSize, firstIfd, ifdStarts, dataStart: at };
  };
  let bigTiff = false;
  let layout = layoutFor(false);
  if (layout.dataStart + dataBytes > 0xffff_ffff) {
    bigTiff = true;
    layout = layoutFor(true);
  }
  // Data of the smallest overview comes first, full resolution last.
  const levelStart = new Array<number>(levels.length);
  let at = layout.dataStart;
  for (let i = levels.length - 1; i >= 0; i--) {
    levelStart[i] = at;
    at += levels[i]!.written;
  }
  const handle = await fs.open(out, "w");
  try {
    let pos = 0;
    const write = async (buf: Buffer) => {
      await handle.write(buf, 0, buf.length, pos);
      pos += buf.length;
    };
    await write(encodeHeader(layout.firstIfd, { bigTiff }));
    await write(ghost);
    if (pos < layout.firstIfd) await write(Buffer.alloc(layout.firstIfd - pos));
    for (const [i, level] of levels.entries()) {
      const offsets = level.offsets.map((o) => o + levelStart[i]!);
      const next = i + 1 < levels.length ? layout.ifdStarts[i + 1]! : 0;
      await write(encodeIfd(levelFields(src, level, i, offsets, bigTiff, predictor), layout.ifdStarts[i]!, next, { bigTiff }));
    }
    const chunk = Buffer.allocUnsafe(4 << 20);
    for (let i = levels.length - 1; i >= 0; i--) {
      const level = levels[i]!;
      for (let from = 0; from < level.written;) {
        const { bytesRead } = await level.file.read(chunk, 0, Math.min(chunk.length, level.written - from), from);
        if (bytesRead === 0) throw new Error(`short read from ${level.tempPath}`);
        await write(chunk.subarray(0, bytesRead));
        from += bytesRead;
      }
    }
    await handle.sync();
    return { size: pos, bigTiff };
  } finally {
    await handle.close();
  }
}
