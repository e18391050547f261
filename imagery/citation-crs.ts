// A CRS a GeoTIFF states only in its citation GeoKeys, where its other
// GeoKeys do not define one:
// - an "ESRI PE String = <WKT>" (what ArcGIS writes, and GDAL for methods the
//   GeoKeys cannot express, such as Krovak): read from the WKT, as GDAL reads it;
// - the name of an EPSG CRS alone ("WGS 84 / Pseudo-Mercator"): read as that
//   CRS when the name is exactly one EPSG CRS's, else refused naming it.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import proj4 from "proj4";
import type { GeoKeys } from "./geokeys-crs";
import { ImageryError } from "./imagery-error";
import { resolvePackageFile } from "./package-file";

export interface CitedCrs {
  /** A label naming the PE string's CRS and the hash of its WKT. */
  crs: string;
  /** The WKT, which proj4js reads. */
  definition: string;
  unit: string;
  geographic: boolean;
  /** How the CRS was found, for the analyst: "ESRI PE string" or the cited name. */
  source: string;
}

const PE_PREFIX = /^\s*ESRI PE String\s*=\s*/i;
const CITATION_KEYS = ["PCSCitationGeoKey", "GTCitationGeoKey", "GeogCitationGeoKey"] as const;

function citations(keys: GeoKeys): string[] {
  return CITATION_KEYS.map((k) => keys[k]).filter((v): v is string => typeof v === "string" && v.trim() !== "");
}

function fromPeString(wkt: string): CitedCrs {
  let proj: { projName?: string; units?: string; to_meter?: number };
  try {
    proj = new proj4.Proj(wkt) as unknown as typeof proj;
    proj4(wkt, "EPSG:4326");
  } catch (e) {
    throw new ImageryError("unsupported", `the coordinate system in the file's ESRI PE string cannot be read (${(e as Error).message})`);
  }
  const geographic = proj.projName === "longlat";
  const unit = geographic ? "degree" : /^(m|meter|metre)$/i.test(proj.units ?? "") || proj.to_meter === 1 ? "metre" : /f(oo|ee)?t/i.test(proj.units ?? "") ? "foot" : "metre";
  // A label a person can read, unique to this WKT (the map registers definitions by it).
  const name = /^\s*(?:PROJCS|GEOGCS)\["([^"]*)"/i.exec(wkt)?.[1] ?? "unnamed";
  const label = `ESRI PE string "${name}" (${proj.projName ?? "?"}, ${createHash("sha256").update(wkt).digest("hex").slice(0, 8)})`;
  return { crs: label, definition: wkt, unit, geographic, source: "its ESRI PE string" };
}

let names: Map<string, { code: number; kinds: Set<string> }[]> | null = null;

/** EPSG projected and 2D geographic CRSs by exact name, from the bundled index (read once, on first need). */
function epsgByName(name: string): { code: number; geographic: boolean }[] {
  if (!names) {
    names = new Map();
    const all = JSON.parse(readFileSync(path.join(path.dirname(resolvePackageFile("epsg-index/package.json")), "all.json"), "utf8")) as Record<
      string,
      { code: string; kind?: string; name?: string; proj4?: string }
    >;
    for (const e of Object.values(all)) {
      if (!e.name || !e.proj4 || (e.kind !== "CRS-PROJCRS" && e.kind !== "CRS-GEOGCRS")) continue;
      const list = names.get(e.name) ?? [];
      list.push({ code: Number(e.code), kinds: new Set([e.kind]) });
      names.set(e.name, list);
    }
  }
  return (names.get(name.trim()) ?? []).map((e) => ({ code: e.code, geographic: e.kinds.has("CRS-GEOGCRS") }));
}

/**
 * The CRS the citation keys state, or null when they state none. `projected`
 * says which kind the GeoKeys' model type asks for (undefined: either).
 */
export function crsFromCitation(keys: GeoKeys, projected: boolean | undefined): CitedCrs | { code: number; source: string } | null {
  const cited = citations(keys);
  const pe = cited.find((c) => PE_PREFIX.test(c));
  if (pe) return fromPeString(pe.replace(PE_PREFIX, ""));
  // A name: GTCitation or PCSCitation for a projected CRS, GeogCitation for a geographic one.
  const candidates = (projected === false ? [keys.GeogCitationGeoKey] : [keys.PCSCitationGeoKey, keys.GTCitationGeoKey]).filter(
    (name): name is string => typeof name === "string" && name.trim() !== "" && name.trim() !== "unknown" && !name.includes("|") && !name.includes("="),
  );
  for (const name of candidates) {
    const matches = epsgByName(name).filter((m) => projected === undefined || m.geographic !== projected);
    if (matches.length === 1) return { code: matches[0]!.code, source: `the name "${name.trim()}"` };
    if (matches.length > 1) {
      throw new ImageryError(
        "unsupported",
        `the file names its coordinate system only as "${name.trim()}", which is ${matches.length} EPSG systems (${matches.map((m) => `EPSG:${m.code}`).join(", ")}): save it with its EPSG code`,
      );
    }
  }
  const noProjection = keys.ProjCoordTransGeoKey === undefined && (keys.ProjectionGeoKey === undefined || keys.ProjectionGeoKey === 32767);
  if (projected === true && noProjection && candidates.length > 0) {
    throw new ImageryError(
      "unsupported",
      `the file names its coordinate system only as "${candidates[0]!.trim()}", which is no EPSG coordinate system's name, and its GeoKeys give no projection: save it with its EPSG code (e.g. gdal_edit.py -a_srs EPSG:nnnn)`,
    );
  }
  return null;
}
