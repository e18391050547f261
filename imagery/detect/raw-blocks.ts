// Reading a window of a GeoTIFF as its compressed blocks, so the decoding
// happens in the worker threads next to the computing: the main thread only
// reads bytes from the file (contiguous blocks in one read). For the common
// layouts (pixel-interleaved; uncompressed or deflate; no predictor or
// horizontal differencing; little-endian or bytes); anything else is decoded on
// the main thread by the general reader. Inflating is bounded by the size the
// image declares for a block, as everywhere else (decompression bombs).
import type { GeoTIFFImage } from "geotiff";
import type { PositionalReader } from "../source/byte-source";

export interface BlockLayout {
  width: number;
  height: number;
  samples: number;
  bytesPerSample: number;
  /** "Uint8Array", "Int16Array", …: the pixel array type. */
  arrayType: string;
  /** 1 none, 8 or 32946 deflate. */
  compression: number;
  /** 1 none, 2 horizontal differencing. */
  predictor: number;
  blockWidth: number;
  blockHeight: number;
  blocksAcross: number;
  offsets: ArrayLike<number>;
  byteCounts: ArrayLike<number>;
}

const TYPES: Record<string, string> = {
  "1:8": "Uint8Array",
  "2:8": "Int8Array",
  "1:16": "Uint16Array",
  "2:16": "Int16Array",
  "1:32": "Uint32Array",
  "2:32": "Int32Array",
  "3:32": "Float32Array",
  "3:64": "Float64Array",
};

/** The block layout of an image if its blocks can be decoded in a worker, else null. */
export async function blockLayoutOf(image: GeoTIFFImage, littleEndian: boolean): Promise<BlockLayout | null> {
  const dir = image.fileDirectory;
  const bits = image.getBitsPerSample(0);
  const samples = image.getSamplesPerPixel();
  const bitsAll = Array.from(dir.getValue("BitsPerSample") as ArrayLike<number>);
  const compression = Number(dir.getValue("Compression") ?? 1);
  const planar = Number(dir.getValue("PlanarConfiguration") ?? 1);
  const predictor = Number((await dir.loadValue("Predictor")) ?? 1);
  const arrayType = TYPES[`${image.getSampleFormat(0) ?? 1}:${bits}`];
  if (!arrayType || planar !== 1 || !(littleEndian || bits === 8) || ![1, 8, 32946].includes(compression) || ![1, 2].includes(predictor)) return null;
  if (!bitsAll.every((b) => b === bits) || bits % 8 !== 0) return null;
  const tiled = image.isTiled;
  const offsets = (await dir.loadValue(tiled ? "TileOffsets" : "StripOffsets")) as ArrayLike<number>;
  const byteCounts = (await dir.loadValue(tiled ? "TileByteCounts" : "StripByteCounts")) as ArrayLike<number>;
  const width = image.getWidth();
  const blockWidth = tiled ? image.getTileWidth() : width;
  return {
    width,
    height: image.getHeight(),
    samples,
    bytesPerSample: bits / 8,
    arrayType,
    compression,
    predictor,
    blockWidth,
    blockHeight: image.getTileHeight(),
    blocksAcross: Math.ceil(width / blockWidth),
    offsets,
    byteCounts,
  };
}

/** Compressed blocks covering a window, read from the file: one buffer, and where each block lies in it. */
export interface RawWindow {
  layout: Omit<BlockLayout, "offsets" | "byteCounts">;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  bytes: Uint8Array;
  /** Per block: [blockX, blockY, start, length] in `bytes`. */
  blocks: number[];
}

export async function readRawWindow(file: PositionalReader, layout: BlockLayout, x0: number, y0: number, x1: number, y1: number): Promise<RawWindow> {
  const { offsets, byteCounts, ...rest } = layout;
  const list: [number, number, number, number][] = [];
  for (let by = Math.floor(y0 / layout.blockHeight); by * layout.blockHeight < y1; by++) {
    for (let bx = Math.floor(x0 / layout.blockWidth); bx * layout.blockWidth < x1; bx++) {
      const i = by * layout.blocksAcross + bx;
      list.push([bx, by, Number(offsets[i]), Number(byteCounts[i])]);
    }
  }
  // Coalesce into runs of blocks that lie back to back (or nearly) in the file.
  const sorted = [...list].sort((a, b) => a[2] - b[2]);
  const total = sorted.reduce((n, b) => n + b[3], 0);
  const bytes = new Uint8Array(total);
  const blocks: number[] = [];
  let at = 0;
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    let end = sorted[i]![2] + sorted[i]![3];
    while (j + 1 < sorted.length && sorted[j + 1]![2] === end) {
      j++;
      end = sorted[j]![2] + sorted[j]![3];
    }
    const start = sorted[i]![2];
    const length = end - start;
    const { bytesRead } = await file.read(bytes, at, length, start);
    if (bytesRead !== length) throw new Error(`the file ends inside a block (offset ${start})`);
    for (let k = i; k <= j; k++) {
      blocks.push(sorted[k]![0], sorted[k]![1], at + (sorted[k]![2] - start), sorted[k]![3]);
    }
    at += length;
    i = j + 1;
  }
  return { layout: rest, x0, y0, x1, y1, bytes, blocks };
}

/**
 * Decodes a raw window into a pixel-interleaved array of (x1 − x0) × (y1 − y0)
 * pixels. Pure and self-contained (runs in worker threads from its source
 * text); `inflateSync` is Node's zlib.inflateSync.
 */
export function decodeRawWindow(
  w: RawWindow,
  inflateSync: (b: Uint8Array, o: { maxOutputLength: number }) => Uint8Array,
): Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array {
  const L = w.layout;
  const bpp = L.bytesPerSample * L.samples;
  const outWidth = w.x1 - w.x0;
  const outRowBytes = outWidth * bpp;
  const out = new Uint8Array(outRowBytes * (w.y1 - w.y0));
  const blockRowBytes = L.blockWidth * bpp;
  const blockBytes = blockRowBytes * L.blockHeight;
  for (let k = 0; k < w.blocks.length; k += 4) {
    const bx = w.blocks[k]!;
    const by = w.blocks[k + 1]!;
    const raw = w.bytes.subarray(w.blocks[k + 2]!, w.blocks[k + 2]! + w.blocks[k + 3]!);
    let block: Uint8Array;
    if (L.compression === 1) block = raw;
    else {
      try {
        block = inflateSync(raw, { maxOutputLength: Math.max(1, blockBytes) });
      } catch (e) {
        const err = e as { code?: string };
        if (err.code === "ERR_BUFFER_TOO_LARGE" || e instanceof RangeError)
          throw new Error(`a compressed block inflates past the ${blockBytes} bytes its image declares (decompression bomb)`);
        throw e;
      }
    }
    const rows = Math.min(L.blockHeight, Math.floor(block.length / blockRowBytes));
    if (L.predictor === 2) {
      // Horizontal differencing, per sample, within each row of the block.
      const n = L.blockWidth * L.samples;
      if (L.bytesPerSample === 1) {
        for (let r = 0; r < rows; r++) for (let i = r * n + L.samples, end = (r + 1) * n; i < end; i++) block[i] = (block[i]! + block[i - L.samples]!) & 255;
      } else if (L.bytesPerSample === 2) {
        const a = new Uint16Array(block.buffer, block.byteOffset, block.byteLength >> 1);
        for (let r = 0; r < rows; r++) for (let i = r * n + L.samples, end = (r + 1) * n; i < end; i++) a[i] = (a[i]! + a[i - L.samples]!) & 65535;
      } else {
        const a = new Uint32Array(block.buffer, block.byteOffset, block.byteLength >> 2);
        for (let r = 0; r < rows; r++) for (let i = r * n + L.samples, end = (r + 1) * n; i < end; i++) a[i] = (a[i]! + a[i - L.samples]!) >>> 0;
      }
    }
    // Copy the part of the block inside the window.
    const bx0 = bx * L.blockWidth;
    const by0 = by * L.blockHeight;
    const cx0 = Math.max(w.x0, bx0);
    const cx1 = Math.min(w.x1, bx0 + L.blockWidth, L.width);
    const cy0 = Math.max(w.y0, by0);
    const cy1 = Math.min(w.y1, by0 + rows, L.height);
    if (cx1 <= cx0) continue;
    for (let y = cy0; y < cy1; y++) {
      const from = (y - by0) * blockRowBytes + (cx0 - bx0) * bpp;
      out.set(block.subarray(from, from + (cx1 - cx0) * bpp), (y - w.y0) * outRowBytes + (cx0 - w.x0) * bpp);
    }
  }
  const Ctor = (globalThis as unknown as Record<string, new (b: ArrayBufferLike) => ReturnType<typeof decodeRawWindow>>)[L.arrayType]!;
  return new Ctor(out.buffer);
}
