// Reading whole rows of an image, pixel-interleaved, as fast as the file
// allows. For the common layouts (pixel-interleaved, little-endian or bytes,
// uncompressed/LZW/deflate/packbits) decoded strips and tiles are copied row
// by row with memcpy; anything else goes through geotiff.js's general reader.
import { getDecoder, type GeoTIFFImage } from "geotiff";
import { ImageryError } from "../imagery-error";
import type { SampleArray } from "./tile-encode";

const FAST_COMPRESSIONS = new Set([1, 5, 8, 32946, 32773]);

type Ctor = new (buffer: ArrayBufferLike, byteOffset?: number, length?: number) => SampleArray;

export function arrayType(format: number, bits: number): Ctor {
  const key = `${format}:${bits}`;
  const map: Record<string, Ctor> = {
    "1:8": Uint8Array,
    "2:8": Int8Array,
    "1:16": Uint16Array,
    "2:16": Int16Array,
    "1:32": Uint32Array,
    "2:32": Int32Array,
    "3:32": Float32Array,
    "3:64": Float64Array,
  };
  const t = map[key];
  if (!t) throw new ImageryError("unsupported", `sample format ${key} (format:bits)`);
  return t;
}

export interface RowReader {
  /** Rows y0 (inclusive) to y1 (exclusive), all columns and samples, pixel-interleaved. */
  read(y0: number, y1: number): Promise<SampleArray>;
}

export async function createRowReader(image: GeoTIFFImage, littleEndian: boolean): Promise<RowReader> {
  const dir = image.fileDirectory;
  const width = image.getWidth();
  const samples = image.getSamplesPerPixel();
  const bits = image.getBitsPerSample(0);
  const Type = arrayType(image.getSampleFormat(0) ?? 1, bits);
  const compression = Number(dir.getValue("Compression") ?? 1);
  const planar = Number(dir.getValue("PlanarConfiguration") ?? 1);
  const fast = planar === 1 && (littleEndian || bits === 8) && FAST_COMPRESSIONS.has(compression);
  if (!fast) {
    return {
      read: async (y0, y1) => (await image.readRasters({ window: [0, y0, width, y1], interleave: true })) as unknown as SampleArray,
    };
  }
  const tiled = image.isTiled;
  const tileWidth = tiled ? image.getTileWidth() : width;
  const tileHeight = image.getTileHeight();
  const tilesX = Math.ceil(width / tileWidth);
  const bytesPerPixel = (bits / 8) * samples;
  const decoder = await getDecoder(compression, {
    tileWidth,
    tileHeight,
    planarConfiguration: planar,
    bitsPerSample: Array.from(dir.getValue("BitsPerSample") as ArrayLike<number>),
    predictor: Number((await dir.loadValue("Predictor")) ?? 1),
  } as never);
  return {
    async read(y0, y1) {
      const out = new Type(new ArrayBuffer((y1 - y0) * width * bytesPerPixel));
      const outBytes = new Uint8Array(out.buffer);
      const rowBytes = width * bytesPerPixel;
      const jobs: Promise<void>[] = [];
      for (let by = Math.floor(y0 / tileHeight); by * tileHeight < y1; by++) {
        for (let bx = 0; bx < tilesX; bx++) {
          jobs.push(
            image.getTileOrStrip(bx, by, 0, decoder as never).then(({ data }) => {
              const block = new Uint8Array(data as ArrayBuffer);
              const blockRowBytes = tileWidth * bytesPerPixel;
              const x0Bytes = bx * tileWidth * bytesPerPixel;
              const copyBytes = Math.min(blockRowBytes, rowBytes - x0Bytes);
              const first = Math.max(y0, by * tileHeight);
              const last = Math.min(y1, (by + 1) * tileHeight, image.getHeight());
              for (let y = first; y < last; y++) {
                const from = (y - by * tileHeight) * blockRowBytes;
                if (from + copyBytes > block.length) throw new ImageryError("unreadable", `a block near row ${y} decodes to fewer bytes than its size says`);
                outBytes.set(block.subarray(from, from + copyBytes), (y - y0) * rowBytes + x0Bytes);
              }
            }),
          );
        }
      }
      await Promise.all(jobs);
      return out;
    },
  };
}
