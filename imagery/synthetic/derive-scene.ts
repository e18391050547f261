// Derives a synthetic "later" scene from a real one by painting known changes
// into it: for demonstrations and tests, never a real observation. The result
// is an uncompressed, pixel-interleaved GeoTIFF on the same grid and CRS.
import fs from "node:fs/promises";
import { fromFile, writeArrayBuffer } from "geotiff";
import { pixelToCrs } from "../footprint";
import { ImageryError } from "../imagery-error";
import { geoTransformOf } from "../geotransform";

export interface PaintedChange {
  /** Pixel rectangle [col0, row0, col1, row1), in the input's grid. */
  rect: [number, number, number, number];
  /** Value written in each band (length = band count). */
  values: number[];
}

/** A whole-image change of brightness (after = gain · before + offset) and Gaussian noise, applied before painting. */
export interface SceneAdjustment {
  gain?: number;
  offset?: number;
  noiseSigma?: number;
  seed?: number;
}

export async function deriveSyntheticScene(args: { input: string; output: string; changes: PaintedChange[]; epsg: number; adjust?: SceneAdjustment }): Promise<void> {
  const tiff = await fromFile(args.input);
  try {
    const image = await tiff.getImage(0);
    if (image.getBitsPerSample(0) !== 8) throw new ImageryError("unsupported", "synthetic scenes are derived from 8-bit files only");
    const width = image.getWidth();
    const height = image.getHeight();
    const bands = image.getSamplesPerPixel();
    const data = (await image.readRasters({ interleave: true })) as unknown as Uint8Array;
    const out = Uint8Array.from(data);
    if (args.adjust) {
      const { gain = 1, offset = 0, noiseSigma = 0 } = args.adjust;
      let seed = (args.adjust.seed ?? 1) >>> 0 || 1;
      const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
      for (let i = 0; i < out.length; i++) {
        const noise = noiseSigma ? noiseSigma * Math.sqrt(-2 * Math.log(rand())) * Math.cos(2 * Math.PI * rand()) : 0;
        out[i] = Math.max(0, Math.min(255, Math.round(gain * out[i]! + offset + noise)));
      }
    }
    for (const { rect, values } of args.changes) {
      const [c0, r0, c1, r1] = rect;
      for (let r = Math.max(0, r0); r < Math.min(height, r1); r++) {
        for (let c = Math.max(0, c0); c < Math.min(width, c1); c++) {
          for (let b = 0; b < bands; b++) out[(r * width + c) * bands + b] = values[b] ?? values[0]!;
        }
      }
    }
    const [ox, rx, , oy, , ry] = geoTransformOf(image);
    const buffer = writeArrayBuffer(out, {
      width,
      height,
      SamplesPerPixel: bands,
      BitsPerSample: Array(bands).fill(8),
      PlanarConfiguration: 1,
      PhotometricInterpretation: 1,
      ExtraSamples: Array(bands - 1).fill(0),
      ModelPixelScale: [rx, -ry, 0],
      ModelTiepoint: [0, 0, 0, ox, oy, 0],
      GTModelTypeGeoKey: 1,
      GTRasterTypeGeoKey: 1,
      ProjectedCSTypeGeoKey: args.epsg,
    });
    await fs.writeFile(args.output, Buffer.from(buffer));
  } finally {
    await tiff.close();
  }
}

/** The lon/lat ring of a pixel rectangle, through a CRS→lon/lat function. */
export function pixelRectToRing(
  rect: [number, number, number, number],
  gt: [number, number, number, number, number, number],
  toLonLat: (xy: [number, number]) => [number, number],
): [number, number][] {
  const [c0, r0, c1, r1] = rect;
  const corners: [number, number][] = [
    [c0, r1],
    [c1, r1],
    [c1, r0],
    [c0, r0],
    [c0, r1],
  ];
  return corners.map(([c, r]) => toLonLat(pixelToCrs(gt, c, r)));
}
