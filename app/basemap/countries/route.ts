// GET /basemap/countries — Natural Earth 1:50m country outlines (TopoJSON, from world-atlas): the offline basemap
import { readFile } from "node:fs/promises";
import { resolvePackageFile } from "@/imagery/package-file";
import { route } from "@/lib/http/route.server";

let cached: Promise<Buffer> | null = null;

export const GET = route("public", async () => {
  cached ??= readFile(resolvePackageFile("world-atlas/countries-50m.json"));
  return new Response(new Uint8Array(await cached), {
    headers: { "Content-Type": "application/json", "Cache-Control": "public, max-age=86400" },
  });
});
