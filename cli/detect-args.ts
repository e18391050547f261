// Arguments `sitewatch detect` and `detect-series` share: the sensitivity,
// band numbers and the area of interest, each refused in one line when bad.
import fs from "node:fs/promises";
import { z } from "zod";
import { extractGeometry, validateAreaGeometry } from "@/lib/geo/area-geometry";
import { UsageError } from "./args";

export const Sensitivity = z.coerce
  .number({ message: "--sensitivity must be a number" })
  .min(0, "--sensitivity must be between 0 and 1")
  .max(1, "--sensitivity must be between 0 and 1");

export const BandNumber = (flag: string) =>
  z.coerce
    .number({ message: `${flag} must be a band number` })
    .int(`${flag} must be a band number`)
    .min(1, `${flag} must be a band number (1 or more)`);

/** The near-infrared and red bands of --nir and --red, which go together. */
export function nirRedOf(values: { nir?: string; red?: string }): { nir: number; red: number } | null {
  if ((values.nir === undefined) !== (values.red === undefined)) throw new UsageError("--nir and --red go together (the season rule needs both bands)");
  if (values.nir === undefined || values.red === undefined) return null;
  const nir = BandNumber("--nir").safeParse(values.nir);
  const red = BandNumber("--red").safeParse(values.red);
  for (const p of [nir, red]) if (!p.success) throw new UsageError(p.error.issues[0]?.message ?? "bad band");
  return { nir: nir.data!, red: red.data! };
}

/** The area of interest from a GeoJSON file: a Polygon or MultiPolygon, a Feature or a one-feature FeatureCollection. */
export async function readAoi(file: string) {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch {
    throw new UsageError(`${file}: no such file`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(`${file}: not JSON`);
  }
  const checked = validateAreaGeometry(extractGeometry(json));
  if (!checked.ok) throw new UsageError(`${file}: ${checked.message}`);
  return checked.geometry;
}
