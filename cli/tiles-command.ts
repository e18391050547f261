// `sitewatch tiles (FILE | --scene ID) OUTDIR --zoom Z[-Z] [--bands 3,2,1] [--stretch MIN,MAX]`:
// renders a scene's Web Mercator tiles as OUTDIR/z/x/y.webp (tiles that miss the image are skipped).
import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { ImageryError } from "@/imagery/imagery-error";
import type { SourceInput } from "@/imagery/source/byte-source";
import { computeGeoTiffStats, inspectGeoTiff } from "@/imagery/inspect";
import type { BandStats } from "@/imagery/band-stats";
import { renderTile, type Stretch } from "@/imagery/tiles/render-tile";
import { tilesCovering } from "@/imagery/tiles/web-mercator";
import { getBlobStore } from "@/lib/storage/blob-store.server";
import { parse, UsageError } from "./args";
import { progressBar } from "./progress-bar";

const Zoom = z
  .string()
  .regex(/^\d{1,2}(-\d{1,2})?$/, "--zoom is Z or Z1-Z2, e.g. 12-16")
  .transform((s) => s.split("-").map(Number))
  .refine((zs) => zs.every((n) => n <= 24) && zs[0]! <= (zs[1] ?? zs[0]!), "--zoom must be 0..24, low to high");
const Bands = z
  .string()
  .regex(/^\d+(,\d+){0,2}$/, "--bands is one or three band numbers, e.g. 3,2,1")
  .transform((s) => s.split(",").map(Number))
  .refine((b) => b.length === 1 || b.length === 3, "--bands takes one or three band numbers");
const StretchArg = z
  .string()
  .regex(/^-?[\d.]+,-?[\d.]+$/, "--stretch is MIN,MAX")
  .transform((s) => s.split(",").map(Number) as [number, number]);

async function sceneFile(id: string): Promise<{ file: SourceInput; stats: BandStats[] }> {
  const { db } = await import("@/lib/db.server");
  const scene = await db.scene.findUnique({ where: { id } });
  if (!scene) throw new UsageError(`no scene ${id}`);
  return { file: await getBlobStore().openSource(scene.cogSha256 ?? scene.sha256), stats: JSON.parse(scene.bandStats) as BandStats[] };
}

export async function runTiles(args: string[]): Promise<void> {
  const { values, positionals } = parse(args, {
    scene: { type: "string" },
    zoom: { type: "string" },
    bands: { type: "string" },
    stretch: { type: "string" },
    json: { type: "boolean" },
  });
  const [first, second] = positionals;
  const outDir = values.scene ? first : second;
  const input = values.scene ? null : first;
  if (!outDir || (!values.scene && !input)) throw new UsageError("tiles needs FILE (or --scene ID) and OUTDIR");
  if (!values.zoom) throw new UsageError("tiles needs --zoom, e.g. --zoom 12-16");
  const [zMin, zMax = zMin] = Zoom.parse(values.zoom) as [number, number?];
  const { file, stats } = values.scene ? await sceneFile(values.scene) : { file: input! as SourceInput, stats: null };
  const name = typeof file === "string" ? file : file.name;
  const described = await inspectGeoTiff(file).catch((e: unknown) => Promise.reject(e instanceof ImageryError ? e.forFile(name) : e));
  const bands = values.bands ? Bands.parse(values.bands) : described.bands >= 3 ? [1, 2, 3] : [1];
  const bandStats = stats ?? (await computeGeoTiffStats(file, described.nodata));
  const fixed = values.stretch ? StretchArg.parse(values.stretch) : null;
  const stretch: Stretch[] = bands.map((b) => (fixed ? { min: fixed[0], max: fixed[1] } : { min: bandStats[b - 1]?.p2 ?? 0, max: bandStats[b - 1]?.p98 ?? 255 }));

  const jobs: Array<[number, number, number]> = [];
  for (let zoom = zMin; zoom <= zMax; zoom++) for (const [x, y] of tilesCovering(described.bbox, zoom)) jobs.push([zoom, x, y]);
  const bar = progressBar(path.basename(name));
  const started = performance.now();
  let written = 0;
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const [zoom, x, y] = jobs[next++]!;
      const tile = await renderTile({ scene: { file }, z: zoom, x, y, bands, stretch });
      if (tile) {
        const dir = path.join(outDir, String(zoom), String(x));
        await fs.mkdir(dir, { recursive: true });
        await fs.writeFile(path.join(dir, `${y}.webp`), tile.webp);
        written++;
      }
      bar.update(next / jobs.length, `z${zoom} ${written} tiles`);
    }
  };
  try {
    await Promise.all(Array.from({ length: 4 }, worker));
  } finally {
    bar.done();
  }
  const seconds = (performance.now() - started) / 1000;
  const summary = { outDir, zoom: [zMin, zMax], bands, stretch, tiles: written, skipped: jobs.length - written, seconds: Number(seconds.toFixed(2)) };
  if (values.json) console.log(JSON.stringify(summary));
  else console.log(`${outDir}: ${written} tiles (z${zMin}–${zMax}) in ${seconds.toFixed(1)} s`);
}
