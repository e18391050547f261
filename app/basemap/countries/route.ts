// GET /basemap/countries — Natural Earth 1:50m country outlines (TopoJSON, from world-atlas): the offline basemap
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export async function GET(): Promise<Response> {
  const body = await readFile(require.resolve("world-atlas/countries-50m.json"));
  return new Response(body, { headers: { "Content-Type": "application/json", "Cache-Control": "public, max-age=86400" } });
}
