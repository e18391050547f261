// Rows of the north-up grid a GCP-georeferenced image is warped onto, for the
// COG writer: each output pixel's centre is taken to the source through the
// fitted map → pixel polynomial and sampled by nearest neighbour (gdalwarp's
// default); outside the source it is `fill` (the nodata value). The source is
// read one window at a time, the window a band of output rows maps onto.
import type { GeoTIFFImage } from "geotiff";
import { arrayType, type RowReader } from "../cog/read-rows";
import type { SampleArray } from "../cog/tile-encode";
import { applyAffine, type GcpWarp } from "./gcp-transform";

export function createWarpedRowReader(image: GeoTIFFImage, warp: GcpWarp, fill: number): RowReader {
  const srcWidth = image.getWidth();
  const srcHeight = image.getHeight();
  const samples = image.getSamplesPerPixel();
  const { width, gt } = warp.grid;
  const Type = arrayType(image.getSampleFormat(0) ?? 1, image.getBitsPerSample(0)) as ReturnType<typeof arrayType> & { BYTES_PER_ELEMENT: number };
  const sourceOf = (col: number, row: number) => applyAffine(warp.inverse, gt[0] + col * gt[1], gt[3] + row * gt[5]);
  return {
    async read(y0, y1) {
      // The source window under these rows: the bounding box of their corners' preimages (lines stay straight), plus a pixel.
      const corners = [sourceOf(0, y0), sourceOf(width, y0), sourceOf(0, y1), sourceOf(width, y1)];
      const px0 = Math.max(0, Math.floor(Math.min(...corners.map((c) => c[0]))) - 1);
      const px1 = Math.min(srcWidth, Math.ceil(Math.max(...corners.map((c) => c[0]))) + 1);
      const ln0 = Math.max(0, Math.floor(Math.min(...corners.map((c) => c[1]))) - 1);
      const ln1 = Math.min(srcHeight, Math.ceil(Math.max(...corners.map((c) => c[1]))) + 1);
      const out = new Type(new ArrayBuffer(width * (y1 - y0) * samples * Type.BYTES_PER_ELEMENT));
      if (fill !== 0) out.fill(fill);
      if (px0 >= px1 || ln0 >= ln1) return out;
      const win = (await image.readRasters({ window: [px0, ln0, px1, ln1], interleave: true })) as unknown as SampleArray;
      const winWidth = px1 - px0;
      // Per output row the source point moves by a constant step per column (the transform is affine).
      const [dpx, dln] = [warp.inverse.x[1] * gt[1], warp.inverse.y[1] * gt[1]];
      for (let row = y0; row < y1; row++) {
        let [p, l] = sourceOf(0.5, row + 0.5);
        const base = (row - y0) * width * samples;
        for (let col = 0; col < width; col++, p += dpx, l += dln) {
          const sp = Math.floor(p);
          const sl = Math.floor(l);
          if (sp < px0 || sl < ln0 || sp >= px1 || sl >= ln1 || p < 0 || l < 0 || p >= srcWidth || l >= srcHeight) continue;
          const from = ((sl - ln0) * winWidth + (sp - px0)) * samples;
          const to = base + col * samples;
          for (let b = 0; b < samples; b++) out[to + b] = win[from + b]!;
        }
      }
      return out;
    },
  };
}
