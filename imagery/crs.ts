// Coordinate reference systems of GeoTIFFs, as proj4 definitions. EPSG codes are
// looked up in the EPSG index shipped by the `epsg-index` package (one small JSON
// file a code, read on demand), so no network and no PROJ install is needed.
import { readFileSync } from "node:fs";
import path from "node:path";
import proj4 from "proj4";
import { ImageryError } from "./imagery-error";
import datumShifts from "./reference/epsg-datum-shifts.json";
import { crsFromCitation } from "./citation-crs";
import { buildGeographicProj4, buildProjectedProj4 } from "./geokeys-crs";
import { resolvePackageFile } from "./package-file";

export interface ResolvedCrs {
  /** "EPSG:nnnn", a PROJ string for user-defined systems, or the WKT of an ESRI PE string. */
  crs: string;
  /** A definition proj4js reads: a PROJ string, or WKT for an ESRI PE string. */
  proj4: string;
  /** Linear unit of the axes: "metre", "degree", "foot"…  */
  unit: string;
  geographic: boolean;
  /** Set where the GeoKeys define no CRS and it was read from a citation: what it was read from. */
  source?: string;
}

const USER_DEFINED = 32767;

function epsgIndexDir(): string {
  return path.dirname(resolvePackageFile("epsg-index/package.json"));
}

/** proj4 definition for an EPSG code, from the bundled index. */
export function lookupEpsg(code: number): ResolvedCrs {
  if (code === 4326) return { crs: "EPSG:4326", proj4: "+proj=longlat +datum=WGS84 +no_defs", unit: "degree", geographic: true };
  let entry: { proj4?: string; kind?: string; unit?: string };
  try {
    entry = JSON.parse(readFileSync(path.join(epsgIndexDir(), "s", `${code}.json`), "utf8"));
  } catch {
    throw new ImageryError("unsupported", `EPSG:${code} is not in the EPSG index`);
  }
  if (!entry.proj4) throw new ImageryError("unsupported", `EPSG:${code} has no PROJ definition`);
  const geographic = entry.kind === "CRS-GEOGCRS" || entry.kind === "CRS-GEOG3DCRS";
  return { crs: `EPSG:${code}`, proj4: withProjDatumShift(code, entry.proj4.replace(/\s*\+type=crs/, "")), unit: entry.unit ?? (geographic ? "degree" : "metre"), geographic };
}

/**
 * The index's datum shift replaced by the one PROJ chooses, where they differ
 * (imagery/reference/epsg-datum-shifts.json, made by scripts/make-epsg-datum-shifts.ts):
 * the index writes many rotations in microradians or with the other sign
 * convention, which put EPSG:28992 150 m and EPSG:2039 50 m from where GDAL puts them.
 */
function withProjDatumShift(code: number, proj4String: string): string {
  const shift = (datumShifts as Record<string, string>)[String(code)];
  return shift ? proj4String.replace(/\+towgs84=[^ ]+/, `+towgs84=${shift}`) : proj4String;
}

function userDefined(proj4String: string, geographic: boolean): ResolvedCrs {
  try {
    proj4(proj4String, "EPSG:4326");
  } catch (e) {
    throw new ImageryError("unsupported", `coordinate system "${proj4String}" (${(e as Error).message})`);
  }
  const unit = geographic ? "degree" : /\+units=m\b/.test(proj4String) ? "metre" : /\+units=(us-)?ft\b/.test(proj4String) ? "foot" : "metre";
  return { crs: proj4String, proj4: proj4String, unit, geographic };
}

/**
 * The CRS a GeoTIFF declares: by its GeoKeys (an EPSG code, or a method and its
 * parameters); where they define none, by its citation keys (imagery/citation-crs.ts).
 */
export function resolveGeoTiffCrs(geoKeys: Record<string, unknown> | null): ResolvedCrs {
  if (!geoKeys) throw new ImageryError("unreadable", "the file has no GeoKeys, so its coordinate system is unknown");
  try {
    return crsFromGeoKeys(geoKeys);
  } catch (e) {
    if (!(e instanceof ImageryError)) throw e;
    const modelType = geoKeys.GTModelTypeGeoKey;
    const cited = crsFromCitation(geoKeys, modelType === 1 ? true : modelType === 2 ? false : undefined);
    if (!cited) throw e;
    if ("code" in cited) return { ...lookupEpsg(cited.code), source: cited.source };
    return { crs: cited.crs, proj4: cited.definition, unit: cited.unit, geographic: cited.geographic, source: cited.source };
  }
}

function crsFromGeoKeys(geoKeys: Record<string, unknown>): ResolvedCrs {
  const modelType = geoKeys.GTModelTypeGeoKey;
  const projected = geoKeys.ProjectedCSTypeGeoKey;
  const geographic = geoKeys.GeographicTypeGeoKey;
  if (modelType === 1 || (modelType === undefined && typeof projected === "number")) {
    if (typeof projected === "number" && projected !== USER_DEFINED) return lookupEpsg(projected);
    return userDefined(buildProjectedProj4(geoKeys), false);
  }
  if (modelType === 2 || (modelType === undefined && typeof geographic === "number")) {
    if (typeof geographic === "number" && geographic !== USER_DEFINED) return lookupEpsg(geographic);
    return userDefined(buildGeographicProj4(geoKeys), true);
  }
  if (modelType === 3) throw new ImageryError("unsupported", "geocentric coordinate system");
  throw new ImageryError("unsupported", "no coordinate system in the GeoKeys");
}

/** A function from the CRS's [x, y] to [lon, lat] in EPSG:4326. */
export function toLonLat(crs: ResolvedCrs): (xy: [number, number]) => [number, number] {
  if (crs.crs === "EPSG:4326") return (xy) => xy;
  const converter = proj4(crs.proj4, "EPSG:4326");
  return (xy) => converter.forward(xy) as [number, number];
}
