// `sitewatch detect-series SCENE… --aoi AOI.geojson --out OUT.geojson`: the
// changes between the first and last of several scenes, each with the
// narrowest window the imagery gives (imagery/detect/detect-series.ts). A
// SCENE is FILE@DATE (ISO 8601), or a FILE whose TIFF DateTime tag gives it.
import fs from "node:fs/promises";
import path from "node:path";
import { fromFile } from "geotiff";
import { detectSeries, type SeriesScene } from "@/imagery/detect/detect-series";
import { ImageryError } from "@/imagery/imagery-error";
import { parseIsoDateTime } from "@/lib/dates";
import { describeRegistration } from "@/lib/detect/detection-report";
import { parse, UsageError } from "./args";
import { nirRedOf, readAoi, Sensitivity } from "./detect-args";
import { progressBar } from "./progress-bar";

/** The acquisition date of a TIFF from its DateTime tag ("YYYY:MM:DD HH:MM:SS"), or null. */
async function tiffDate(file: string): Promise<Date | null> {
  try {
    const tiff = await fromFile(file);
    try {
      const dir = (await tiff.getImage()).fileDirectory as unknown as { loadValue(name: string): Promise<unknown> };
      const raw = (await dir.loadValue("DateTime").catch(() => undefined)) as string | undefined;
      const m = raw && /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(raw);
      return m ? new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`) : null;
    } finally {
      await tiff.close();
    }
  } catch {
    return null;
  }
}

async function sceneOf(arg: string): Promise<SeriesScene> {
  const at = arg.lastIndexOf("@");
  const file = at > 0 ? arg.slice(0, at) : arg;
  if (!(await fs.stat(file).catch(() => null))?.isFile()) throw new ImageryError("unreadable", `${file}: no such file`);
  let date: Date | null;
  if (at > 0) {
    const parsed = parseIsoDateTime(arg.slice(at + 1));
    if (!parsed.ok) throw new UsageError(`${arg}: ${parsed.problem}`);
    date = parsed.date;
  } else date = await tiffDate(file);
  if (!date) throw new UsageError(`${file}: no acquisition date in the file; give it as ${file}@YYYY-MM-DD`);
  return { source: file, label: path.basename(file), acquiredAt: date };
}

export async function runDetectSeries(args: string[]): Promise<void> {
  const { values, positionals } = parse(args, {
    aoi: { type: "string" },
    out: { type: "string" },
    sensitivity: { type: "string" },
    nir: { type: "string" },
    red: { type: "string" },
    json: { type: "boolean" },
  });
  if (positionals.length < 2) throw new UsageError("detect-series needs two or more SCENEs (FILE or FILE@DATE)");
  if (!values.aoi) throw new UsageError("detect-series needs --aoi AOI.geojson (the area to search)");
  if (!values.out) throw new UsageError("detect-series needs --out OUT.geojson");
  const sensitivity = values.sensitivity === undefined ? undefined : Sensitivity.safeParse(values.sensitivity);
  if (sensitivity && !sensitivity.success) throw new UsageError(sensitivity.error.issues[0]?.message ?? "bad value");
  const nirRed = nirRedOf(values);
  const out = path.resolve(values.out);
  if (!(await fs.stat(path.dirname(out)).catch(() => null))?.isDirectory()) throw new UsageError(`${values.out}: the folder ${path.dirname(out)} does not exist`);
  const scenes = await Promise.all(positionals.map(sceneOf));
  if (scenes.some((s) => path.resolve(String(s.source)) === out)) throw new UsageError(`--out ${values.out} is one of the inputs`);
  const aoi = await readAoi(values.aoi);

  const bar = progressBar("detect-series");
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once("SIGINT", stop);
  let result;
  try {
    result = await detectSeries(scenes, {
      aoi,
      sensitivity: sensitivity?.data,
      nirBand: nirRed?.nir,
      redBand: nirRed?.red,
      signal: controller.signal,
      onProgress: (f, m) => bar.update(f, m),
    });
  } finally {
    bar.done();
    process.off("SIGINT", stop);
  }
  const collection = { type: "FeatureCollection", features: [...result.changes.features, ...result.obscured.features] };
  const tmp = `${out}.${process.pid}.tmp`;
  try {
    await fs.writeFile(tmp, `${JSON.stringify(collection)}\n`);
    await fs.rename(tmp, out);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
  const narrowed = result.changes.features.filter((f) => f.properties.narrowed).length;
  if (values.json) console.log(JSON.stringify({ out: values.out, changes: result.changes.features.length, narrowed, scenes: result.scenes, pairs: result.pairs }));
  else {
    console.log(
      `${values.out}: ${result.changes.features.length} change${result.changes.features.length === 1 ? "" : "s"} across ${scenes.length} scenes, ${narrowed} dated between neighbouring scenes`,
    );
    for (const p of result.pairs)
      console.log(
        `  ${result.scenes[p.before]!.label} → ${result.scenes[p.after]!.label}: ${p.error ? `not compared: ${p.error}` : `${p.candidates} candidate${p.candidates === 1 ? "" : "s"}; ${describeRegistration(p.registration!)}`}`,
      );
  }
}
