// One process of bench:tiles: renders every z12–16 tile of a COG one after the
// other, from a cold cache, and prints each tile's render time as JSON.
import { inspectGeoTiff } from "@/imagery/inspect";
import { renderTile } from "@/imagery/tiles/render-tile";
import { tilesCovering } from "@/imagery/tiles/web-mercator";

const [file, zooms] = process.argv.slice(2) as [string, string];
const [z0, z1] = zooms.split("-").map(Number) as [number, number];
const { bbox } = await inspectGeoTiff(file);
const stretch = [
  { min: 30, max: 110 },
  { min: 40, max: 100 },
  { min: 55, max: 110 },
];
const times: number[] = [];
let rendered = 0;
for (let z = z0; z <= z1; z++) {
  for (const [x, y] of tilesCovering(bbox, z)) {
    const t = performance.now();
    const tile = await renderTile({ scene: { file }, z, x, y, bands: [1, 2, 3], stretch });
    times.push(performance.now() - t);
    if (tile) rendered++;
  }
}
console.log(JSON.stringify({ times, rendered }));
