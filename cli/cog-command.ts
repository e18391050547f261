// `sitewatch cog IN OUT [--json]`: a Cloud-Optimised GeoTIFF of IN at OUT.
import fs from "node:fs/promises";
import path from "node:path";
import { writeCog } from "@/imagery/cog/write-cog";
import { ImageryError } from "@/imagery/imagery-error";
import { parse, UsageError } from "./args";
import { progressBar } from "./progress-bar";

export async function runCog(args: string[]): Promise<void> {
  const { values, positionals } = parse(args, { json: { type: "boolean" } });
  const [input, output] = positionals;
  if (!input || !output || positionals.length > 2) throw new UsageError("cog needs IN and OUT");
  try {
    await fs.access(input);
  } catch {
    throw new ImageryError("unreadable", `${input}: no such file`);
  }
  const outDir = path.dirname(path.resolve(output));
  if (!(await fs.stat(outDir).catch(() => null))?.isDirectory()) throw new UsageError(`${output}: the folder ${outDir} does not exist`);
  const bar = progressBar(path.basename(input));
  let result;
  try {
    result = await writeCog(input, output, { onProgress: (p) => bar.update(p.fraction, p.message) });
  } catch (e) {
    if (e instanceof ImageryError) throw e.forFile(input);
    throw e;
  } finally {
    bar.done();
  }
  const summary = {
    output,
    width: result.description.width,
    height: result.description.height,
    bands: result.description.bands,
    dataType: result.description.dataType,
    overviews: result.levels.slice(1).map((l) => [l.width, l.height]),
    byteSize: result.byteSize,
    bigTiff: result.bigTiff,
    bandStats: result.bandStats,
  };
  if (values.json) console.log(JSON.stringify(summary));
  else
    console.log(
      `${output}: ${summary.width}×${summary.height}, ${summary.bands} band(s) ${summary.dataType}, ${summary.overviews.length} overview(s), ${(summary.byteSize / 1024 ** 2).toFixed(1)} MiB`,
    );
}
