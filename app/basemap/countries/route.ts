// GET /basemap/countries — Natural Earth 1:50m country outlines (TopoJSON, from world-atlas): the offline basemap
import { readFile } from "node:fs/promises";
import { resolvePackageFile } from "@/imagery/package-file";

let cached: Promise<Buffer> | null = null;

export async function GET(): Promise<Response> {
  cached ??= readFile(resolvePackageFile("world-atlas/countries-50m.json"));
  return new Response(new Uint8Array(await cached), {
    headers: { "Content-Type": "application/json", "Cache-Control": "public, max-age=86400" },
  });
}
