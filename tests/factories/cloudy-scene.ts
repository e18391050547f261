// The Landsat fixture with a soft-edged cloud, its shadow (14 px right and 9
// down) and a sharp bright roof painted into it: an "after" scene whose one
// change is the roof. Written once per process; pure file work (no database).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fromFile, writeArrayBuffer } from "geotiff";

export const L7_FIXTURE = path.resolve(import.meta.dirname, "../fixtures/imagery/L7_ETMs.tif");
export const CLOUD = { x: 90, y: 110, r: 16 };
export const SHADOW_OFFSET = [14, 9] as const;
export const ROOF = { x0: 240, y0: 240, x1: 254, y1: 251 };

let written: string | null = null;

export async function cloudySceneFile(): Promise<string> {
  if (written && fs.existsSync(written)) return written;
  const image = await (await fromFile(L7_FIXTURE)).getImage();
  const [W, H, nb] = [image.getWidth(), image.getHeight(), image.getSamplesPerPixel()];
  const data = Uint8Array.from((await image.readRasters({ interleave: true })) as unknown as Uint8Array);
  const alpha = (x: number, y: number) => {
    const d = Math.hypot(x - CLOUD.x, y - CLOUD.y) / CLOUD.r;
    return d <= 0.6 ? 1 : d >= 1 ? 0 : 0.5 + 0.5 * Math.cos((Math.PI * (d - 0.6)) / 0.4);
  };
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const cloud = alpha(x, y);
      const shadow = alpha(x - SHADOW_OFFSET[0], y - SHADOW_OFFSET[1]);
      const roof = x >= ROOF.x0 && x < ROOF.x1 && y >= ROOF.y0 && y < ROOF.y1;
      for (let b = 0; b < nb; b++) {
        const i = (y * W + x) * nb + b;
        let v = data[i]! * (1 - 0.5 * shadow);
        v = v * (1 - cloud) + 232 * cloud;
        if (roof) v = [190, 184, 196, 170, 200, 188][b]!;
        data[i] = Math.round(v);
      }
    }
  }
  const [ox, oy] = image.getOrigin();
  const [rx, ry] = image.getResolution();
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cloudy-")), "cloudy-after.tif");
  const buffer = writeArrayBuffer(data, {
    width: W,
    height: H,
    SamplesPerPixel: nb,
    BitsPerSample: Array(nb).fill(8),
    PlanarConfiguration: 1,
    PhotometricInterpretation: 1,
    ExtraSamples: Array(nb - 1).fill(0),
    ModelPixelScale: [rx!, -ry!, 0],
    ModelTiepoint: [0, 0, 0, ox!, oy!, 0],
    GTModelTypeGeoKey: 1,
    GTRasterTypeGeoKey: 1,
    ProjectedCSTypeGeoKey: 31985,
  });
  fs.writeFileSync(out, Buffer.from(buffer));
  written = out;
  return out;
}
