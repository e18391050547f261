// A second, distinct GeoTIFF on the Landsat 7 grid: synthetic, one painted block.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { deriveSyntheticScene } from "@/imagery/synthetic/derive-scene";
import { IMAGERY, TMP } from "../setup/paths";

let syntheticFile: string | null = null;
export async function syntheticLandsatFile(): Promise<string> {
  if (syntheticFile && fs.existsSync(syntheticFile)) return syntheticFile;
  const out = path.join(TMP, `synthetic-${randomUUID().slice(0, 8)}.tif`);
  fs.mkdirSync(TMP, { recursive: true });
  await deriveSyntheticScene({
    input: path.join(IMAGERY, "L7_ETMs.tif"),
    output: out,
    changes: [{ rect: [100, 100, 130, 120], values: [250, 250, 250, 250, 250, 250] }],
    epsg: 31985,
  });
  syntheticFile = out;
  return out;
}
