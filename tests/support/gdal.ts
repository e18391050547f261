// GDAL, the field's reference implementation, as a test oracle only (CI installs
// gdal-bin and python3-gdal from apt; Sitewatch itself never calls it).
import { execFileSync } from "node:child_process";
import fs from "node:fs";

const VALIDATOR = "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_cloud_optimized_geotiff.py";

function run(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: "utf8", maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string; stdout?: string };
    if (err.code === "ENOENT") throw new Error(`${cmd} not found: these tests compare with GDAL (apt-get install gdal-bin python3-gdal)`);
    throw new Error(`${cmd} ${args.join(" ")} failed: ${err.stderr || err.stdout || err.message}`);
  }
}

export interface GdalBand {
  type: string;
  checksum: number;
  noDataValue?: number | string;
  colorInterpretation: string;
  block: [number, number];
  overviews?: { size: [number, number]; checksum: number }[];
  colorTable?: { entries: number[][] };
}

export interface GdalInfo {
  size: [number, number];
  geoTransform: number[];
  coordinateSystem?: { wkt: string };
  metadata: Record<string, Record<string, string>>;
  bands: GdalBand[];
}

export function gdalinfo(file: string): GdalInfo {
  return JSON.parse(run("gdalinfo", ["-json", "-checksum", "-mdd", "all", file])) as GdalInfo;
}

export function gdalTranslate(args: string[]): void {
  run("gdal_translate", ["-q", ...args]);
}

/** GDAL's own COG validator, with the block leader/trailer checks. Returns its errors (empty when valid). */
export function validateCog(file: string): string[] {
  if (!fs.existsSync(VALIDATOR)) throw new Error(`${VALIDATOR} not found (apt-get install python3-gdal)`);
  const script = `import sys, json\nsys.path.insert(0, "/usr/lib/python3/dist-packages")\nfrom osgeo_utils.samples import validate_cloud_optimized_geotiff as v\nw, e, d = v.validate(sys.argv[1], full_check=True)\nprint(json.dumps(e + w))`;
  return JSON.parse(run("/usr/bin/python3", ["-c", script, file])) as string[];
}

/**
 * GDAL's warp of the given bands of `file` into one 256-pixel Web Mercator tile
 * (bilinear unless told otherwise; overviews as GDAL picks them), with an alpha
 * band marking where it has data. `expand: "rgb"` turns a palette into colours first.
 */
export function gdalWarpTile(
  file: string,
  bounds: [number, number, number, number],
  bands: number[],
  out: string,
  options: { expand?: "rgb"; resampling?: string } = {},
): { rgb: Uint8Array[]; alpha: Uint8Array } {
  const script = `
import sys, json, base64
sys.path.insert(0, "/usr/lib/python3/dist-packages")
from osgeo import gdal
import numpy as np
gdal.UseExceptions()
src, out, bands, expand, resampling = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4], sys.argv[5]
b = json.loads(sys.argv[6])
vrt = gdal.Translate("/vsimem/sel.vrt", src, format="VRT", bandList=None if expand else bands, rgbExpand=expand or None)
ds = gdal.Warp(out, vrt, dstSRS="EPSG:3857", outputBounds=b, width=256, height=256, resampleAlg=resampling, dstAlpha=True, format="GTiff")
n = ds.RasterCount
rgb = [ds.GetRasterBand(i).ReadAsArray() for i in range(1, n)]
if len(rgb) == 1: rgb = rgb * 3
def scale(a):
    return np.clip(np.round(a.astype(np.float64)), 0, 255).astype(np.uint8)
alpha = ds.GetRasterBand(n).ReadAsArray().astype(np.uint8)
print(json.dumps({"rgb": [base64.b64encode(scale(a).tobytes()).decode() for a in rgb[:3]], "alpha": base64.b64encode(alpha.tobytes()).decode()}))
`;
  const json = run("/usr/bin/python3", ["-c", script, file, out, JSON.stringify(bands), options.expand ?? "", options.resampling ?? "bilinear", JSON.stringify(bounds)]);
  const parsed = JSON.parse(json) as { rgb: string[]; alpha: string };
  return { rgb: parsed.rgb.map((b) => new Uint8Array(Buffer.from(b, "base64"))), alpha: new Uint8Array(Buffer.from(parsed.alpha, "base64")) };
}

/** Paints a block of every band of a copy of `input` with `value` (Byte imagery): a "later scene" with one known change, in milliseconds. */
export function paintedCopy(input: string, output: string, rect: { x: number; y: number; width: number; height: number }, value: number): void {
  run("gdal_translate", ["-q", input, output]);
  const script = `import sys\nsys.path.insert(0, "/usr/lib/python3/dist-packages")\nfrom osgeo import gdal\nd = gdal.Open(sys.argv[1], gdal.GA_Update)\nx, y, w, h, v = map(int, sys.argv[2:7])\nfor i in range(1, d.RasterCount + 1):\n    d.GetRasterBand(i).WriteRaster(x, y, w, h, bytes([v]) * (w * h))\nd = None`;
  run("/usr/bin/python3", ["-c", script, output, String(rect.x), String(rect.y), String(rect.width), String(rect.height), String(value)]);
}
