import { inspectGeoTiff } from "@/imagery/inspect";
import { ImageryError } from "@/imagery/imagery-error";
import { parse, UsageError } from "./args";

export async function runInspect(args: string[]): Promise<void> {
  const { values, positionals } = parse(args, { json: { type: "boolean" } });
  const file = positionals[0];
  if (!file) throw new UsageError("inspect needs a FILE");
  let d;
  try {
    d = await inspectGeoTiff(file);
  } catch (e) {
    if (e instanceof ImageryError) throw e.forFile(file);
    throw e;
  }
  const out = {
    width: d.width,
    height: d.height,
    bands: d.bands,
    dataType: d.dataType,
    nodata: d.nodata,
    crs: d.crs,
    isCog: d.isCog,
    bbox: d.bbox,
    footprint: d.footprint,
    // Beyond the contract's keys, only where they apply: a CRS read from a citation, ground control points.
    ...(d.crsSource ? { crsSource: d.crsSource } : {}),
    ...(d.gcps ? { gcps: d.gcps } : {}),
  };
  if (values.json) console.log(JSON.stringify(out));
  else {
    console.log(
      `${file}: ${d.width}×${d.height}, ${d.bands} band(s) of ${d.dataType}, nodata ${d.nodata ?? "none"}, ${d.crs}${d.crsSource ? ` (read from ${d.crsSource})` : ""}${d.isCog ? ", cloud-optimised" : ""}`,
    );
    if (d.gcps) {
      const g = d.gcps;
      console.log(
        `georeferenced by ${g.count} ground control points (${g.sourceWidth}×${g.sourceHeight} pixels), fitted to order ${g.order} (misfit RMS ${g.rmsPixels.toFixed(2)} px, largest ${g.maxPixels.toFixed(2)} px): converted onto the ${d.width}×${d.height} grid above`,
      );
    }
    console.log(`bbox (lon/lat): ${d.bbox.join(", ")}`);
  }
}
