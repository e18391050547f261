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
