// `sitewatch detect BEFORE AFTER --aoi AOI.geojson --out CANDIDATES.geojson [--sensitivity 0..1]`:
// change candidates between two scenes inside an area, as a GeoJSON
// FeatureCollection of polygons (EPSG:4326) with score, areaM2 and pixelCount.
// Areas that are clouds or cloud shadows follow them, with `cloud: true` and
// `kind` ("cloud" | "shadow"): not changes, but where the scenes were not compared.
// The output is written whole or not at all.
import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { detectChanges } from "@/imagery/detect/detect-changes";
import { NORMALISATION_METHODS, type NormalisationMethod } from "@/imagery/detect/normalise";
import { ImageryError } from "@/imagery/imagery-error";
import { describeRegistration } from "@/lib/detect/detection-report";
import { parse, UsageError } from "./args";
import { nirRedOf, readAoi, Sensitivity } from "./detect-args";
import { progressBar } from "./progress-bar";

const Bands = z
  .string()
  .regex(/^\d+(,\d+)*$/, "--bands must be band numbers separated by commas, e.g. 1,2,3")
  .transform((s) => s.split(",").map(Number));
const MinArea = z.coerce.number({ message: "--min-area must be a number of square metres" }).nonnegative("--min-area must not be negative");

function firstIssue(e: z.ZodError): string {
  return e.issues[0]?.message ?? "bad value";
}

export async function runDetect(args: string[]): Promise<void> {
  const { values, positionals } = parse(args, {
    aoi: { type: "string" },
    out: { type: "string" },
    sensitivity: { type: "string" },
    bands: { type: "string" },
    "min-area": { type: "string" },
    normalisation: { type: "string" },
    nir: { type: "string" },
    red: { type: "string" },
    "no-register": { type: "boolean" },
    json: { type: "boolean" },
  });
  const [before, after] = positionals;
  if (!before || !after || positionals.length > 2) throw new UsageError("detect needs BEFORE and AFTER");
  if (!values.aoi) throw new UsageError("detect needs --aoi AOI.geojson (the area to search)");
  if (!values.out) throw new UsageError("detect needs --out CANDIDATES.geojson");
  const parsed = {
    sensitivity: values.sensitivity === undefined ? undefined : Sensitivity.safeParse(values.sensitivity),
    bands: values.bands === undefined ? undefined : Bands.safeParse(values.bands),
    minArea: values["min-area"] === undefined ? undefined : MinArea.safeParse(values["min-area"]),
  };
  for (const p of Object.values(parsed)) if (p && !p.success) throw new UsageError(firstIssue(p.error));
  const nirRed = nirRedOf(values);
  const normalisation = values.normalisation as NormalisationMethod | undefined;
  if (normalisation !== undefined && !NORMALISATION_METHODS.includes(normalisation)) {
    throw new UsageError(`--normalisation must be one of ${NORMALISATION_METHODS.join(", ")}`);
  }
  for (const f of [before, after]) {
    if (!(await fs.stat(f).catch(() => null))?.isFile()) throw new ImageryError("unreadable", `${f}: no such file`);
  }
  const out = path.resolve(values.out);
  if (!(await fs.stat(path.dirname(out)).catch(() => null))?.isDirectory()) throw new UsageError(`${values.out}: the folder ${path.dirname(out)} does not exist`);
  if ((await fs.stat(out).catch(() => null))?.isDirectory()) throw new UsageError(`--out ${values.out} is a folder; give a file name`);
  if ([before, after, values.aoi].some((f) => path.resolve(f) === out)) throw new UsageError(`--out ${values.out} is one of the inputs; write the candidates to another file`);
  const aoi = await readAoi(values.aoi);

  const bar = progressBar("detect");
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once("SIGINT", stop);
  let result;
  try {
    result = await detectChanges({
      before,
      after,
      aoi,
      sensitivity: parsed.sensitivity?.data,
      bands: parsed.bands?.data,
      minAreaM2: parsed.minArea?.data,
      normalisation,
      nirBand: nirRed?.nir,
      redBand: nirRed?.red,
      register: !values["no-register"],
      signal: controller.signal,
      onProgress: (f, m) => bar.update(f, m),
    });
  } finally {
    bar.done();
    process.off("SIGINT", stop);
  }
  const tmp = `${out}.${process.pid}.tmp`;
  try {
    const collection = { type: "FeatureCollection", features: [...result.candidates.features, ...result.obscured.features] };
    await fs.writeFile(tmp, `${JSON.stringify(collection)}\n`);
    await fs.rename(tmp, out);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
  const summary = {
    out: values.out,
    candidates: result.candidates.features.length,
    cloudOrShadow: result.obscured.features.length,
    registration: result.registration,
    threshold: result.threshold,
    normalisation: { method: result.normalisation.method, gains: result.normalisation.gains, offsets: result.normalisation.offsets },
    pixels: result.pixels,
  };
  if (values.json) console.log(JSON.stringify(summary));
  else
    console.log(
      `${values.out}: ${summary.candidates} candidate${summary.candidates === 1 ? "" : "s"}${summary.cloudOrShadow ? ` and ${summary.cloudOrShadow} cloud or shadow area${summary.cloudOrShadow === 1 ? "" : "s"} not compared (cloud: true)` : ""} (threshold ${result.threshold.threshold.toFixed(2)}, ${result.pixels.usable} pixels compared); ${describeRegistration(result.registration)}`,
    );
}
