// Builds a PROJ string from a GeoTIFF's user-defined GeoKeys (no EPSG code
// for the whole CRS): projection method and parameters, datum or ellipsoid,
// TOWGS84, prime meridian and linear units. What cannot be built exactly is
// refused as unsupported: a guessed CRS gives a silently wrong footprint.
// GeoKey and method codes: OGC GeoTIFF 1.1 (19-008r4), Annex B and C.
import { ImageryError } from "./imagery-error";

export type GeoKeys = Record<string, unknown>;

const USER_DEFINED = 32767;

/** Ellipsoids by EPSG code: [semi-major axis m, inverse flattening]. */
const ELLIPSOIDS: Record<number, [number, number]> = {
  7030: [6378137, 298.257223563], // WGS 84
  7019: [6378137, 298.257222101], // GRS 1980
  7008: [6378206.4, 294.978698213898], // Clarke 1866
  7022: [6378388, 297], // International 1924
  7004: [6377397.155, 299.1528128], // Bessel 1841
  7043: [6378135, 298.26], // WGS 72
};

/** Geodetic datums by EPSG code, as PROJ parameters. */
const DATUMS: Record<number, string> = {
  6326: "+datum=WGS84",
  6269: "+datum=NAD83",
  6267: "+datum=NAD27",
  6258: "+ellps=GRS80 +towgs84=0,0,0,0,0,0,0", // ETRS89
  6674: "+ellps=GRS80 +towgs84=0,0,0,0,0,0,0", // SIRGAS 2000
  6283: "+ellps=GRS80 +towgs84=0,0,0,0,0,0,0", // GDA94
};

/** Geographic CRSs by EPSG code, as PROJ datum parameters. */
const GEOGRAPHIC: Record<number, string> = {
  4326: DATUMS[6326]!,
  4269: DATUMS[6269]!,
  4267: DATUMS[6267]!,
  4258: DATUMS[6258]!,
  4674: DATUMS[6674]!,
  4283: DATUMS[6283]!,
};

const LINEAR_UNITS: Record<number, string> = { 9001: "+units=m", 9002: "+units=ft", 9003: "+units=us-ft" };

function num(keys: GeoKeys, name: string): number | undefined {
  const v = keys[name];
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

function required(keys: GeoKeys, name: string, what: string): number {
  const v = num(keys, name);
  if (v === undefined) throw new ImageryError("unsupported", `${what} without ${name}`);
  return v;
}

/** The datum/ellipsoid part of a PROJ string, from the geographic GeoKeys. */
export function geodeticParams(keys: GeoKeys): string {
  const angular = num(keys, "GeogAngularUnitsGeoKey");
  if (angular !== undefined && angular !== 9102 && angular !== 9122) {
    throw new ImageryError("unsupported", `angular unit EPSG:${angular} (only degrees)`);
  }
  const geographic = num(keys, "GeographicTypeGeoKey");
  if (geographic !== undefined && geographic !== USER_DEFINED) {
    const p = GEOGRAPHIC[geographic];
    if (!p) throw new ImageryError("unsupported", `geographic CRS EPSG:${geographic} in a user-defined projected CRS`);
    return p;
  }
  const parts: string[] = [];
  const datum = num(keys, "GeogGeodeticDatumGeoKey");
  if (datum !== undefined && datum !== USER_DEFINED) {
    const p = DATUMS[datum];
    if (!p) throw new ImageryError("unsupported", `geodetic datum EPSG:${datum}`);
    parts.push(p);
  } else {
    const ellipsoid = num(keys, "GeogEllipsoidGeoKey");
    const a = num(keys, "GeogSemiMajorAxisGeoKey");
    const rf = num(keys, "GeogInvFlatteningGeoKey");
    const b = num(keys, "GeogSemiMinorAxisGeoKey");
    if (a !== undefined && (rf !== undefined || b !== undefined)) {
      parts.push(rf !== undefined && rf !== 0 ? `+a=${a} +rf=${rf}` : `+a=${a} +b=${b ?? a}`);
    } else if (ellipsoid !== undefined && ELLIPSOIDS[ellipsoid]) {
      const [ea, erf] = ELLIPSOIDS[ellipsoid];
      parts.push(`+a=${ea} +rf=${erf}`);
    } else {
      throw new ImageryError("unsupported", "user-defined datum without an ellipsoid the file describes");
    }
    const towgs84 = keys.GeogTOWGS84GeoKey;
    if (towgs84 && typeof towgs84 === "object") {
      const values = Object.values(towgs84 as Record<string, number>).map(Number);
      if (values.length === 3 || values.length === 7) parts.push(`+towgs84=${[...values, ...Array(7 - values.length).fill(0)].join(",")}`);
    }
  }
  const pm = num(keys, "GeogPrimeMeridianLongGeoKey");
  if (pm) parts.push(`+pm=${pm}`);
  return parts.join(" ");
}

function linearUnits(keys: GeoKeys): string {
  const unit = num(keys, "ProjLinearUnitsGeoKey") ?? 9001;
  if (unit === USER_DEFINED) {
    const size = required(keys, "ProjLinearUnitSizeGeoKey", "a user-defined linear unit");
    return `+to_meter=${size}`;
  }
  const u = LINEAR_UNITS[unit];
  if (!u) throw new ImageryError("unsupported", `linear unit EPSG:${unit}`);
  return u;
}

/** UTM zones as EPSG coordinate operations: 16001–16060 north, 16101–16160 south. */
function projectionFromCode(code: number): string {
  if (code >= 16001 && code <= 16060) return `+proj=utm +zone=${code - 16000}`;
  if (code >= 16101 && code <= 16160) return `+proj=utm +zone=${code - 16100} +south`;
  throw new ImageryError("unsupported", `projection EPSG:${code} (only UTM zones are built from a projection code)`);
}

/** The projection method and parameters, from ProjCoordTransGeoKey and its parameter keys. */
function projectionFromMethod(keys: GeoKeys): string {
  const method = required(keys, "ProjCoordTransGeoKey", "a user-defined projection");
  const lon0 = () => num(keys, "ProjNatOriginLongGeoKey") ?? num(keys, "ProjFalseOriginLongGeoKey") ?? num(keys, "ProjCenterLongGeoKey") ?? 0;
  const lat0 = () => num(keys, "ProjNatOriginLatGeoKey") ?? num(keys, "ProjFalseOriginLatGeoKey") ?? num(keys, "ProjCenterLatGeoKey") ?? 0;
  const x0 = () => num(keys, "ProjFalseEastingGeoKey") ?? num(keys, "ProjFalseOriginEastingGeoKey") ?? num(keys, "ProjCenterEastingGeoKey") ?? 0;
  const y0 = () => num(keys, "ProjFalseNorthingGeoKey") ?? num(keys, "ProjFalseOriginNorthingGeoKey") ?? num(keys, "ProjCenterNorthingGeoKey") ?? 0;
  const k0 = () => num(keys, "ProjScaleAtNatOriginGeoKey") ?? num(keys, "ProjScaleAtCenterGeoKey") ?? 1;
  const falseOrigin = () => `+x_0=${x0()} +y_0=${y0()}`;
  switch (method) {
    case 1: // Transverse Mercator
      return `+proj=tmerc +lat_0=${lat0()} +lon_0=${lon0()} +k_0=${k0()} ${falseOrigin()}`;
    case 7: {
      // Mercator: 1SP (scale) or 2SP (standard parallel)
      const ts = num(keys, "ProjStdParallel1GeoKey");
      return ts !== undefined ? `+proj=merc +lat_ts=${ts} +lon_0=${lon0()} ${falseOrigin()}` : `+proj=merc +lon_0=${lon0()} +k_0=${k0()} ${falseOrigin()}`;
    }
    case 8: // Lambert Conformal Conic, 2SP
      return `+proj=lcc +lat_1=${required(keys, "ProjStdParallel1GeoKey", "Lambert conformal conic")} +lat_2=${required(keys, "ProjStdParallel2GeoKey", "Lambert conformal conic")} +lat_0=${lat0()} +lon_0=${lon0()} ${falseOrigin()}`;
    case 9: // Lambert Conformal Conic, 1SP
      return `+proj=lcc +lat_1=${lat0()} +lat_0=${lat0()} +lon_0=${lon0()} +k_0=${k0()} ${falseOrigin()}`;
    case 10: // Lambert Azimuthal Equal Area
      return `+proj=laea +lat_0=${lat0()} +lon_0=${lon0()} ${falseOrigin()}`;
    case 11: // Albers Equal Area
      return `+proj=aea +lat_1=${required(keys, "ProjStdParallel1GeoKey", "Albers equal area")} +lat_2=${required(keys, "ProjStdParallel2GeoKey", "Albers equal area")} +lat_0=${lat0()} +lon_0=${lon0()} ${falseOrigin()}`;
    case 15: {
      // Polar Stereographic: the pole from the latitude of origin, the true-scale latitude from the standard parallel.
      const lat = lat0();
      const pole = lat >= 0 ? 90 : -90;
      const ts = num(keys, "ProjStdParallel1GeoKey") ?? (Math.abs(lat) === 90 ? undefined : lat);
      const lon = num(keys, "ProjStraightVertPoleLongGeoKey") ?? lon0();
      return `+proj=stere +lat_0=${pole} +lon_0=${lon}${ts !== undefined ? ` +lat_ts=${ts}` : ` +k_0=${k0()}`} ${falseOrigin()}`;
    }
    case 17: // Equirectangular
      return `+proj=eqc +lat_ts=${num(keys, "ProjStdParallel1GeoKey") ?? 0} +lat_0=${lat0()} +lon_0=${lon0()} ${falseOrigin()}`;
    case 24: // Sinusoidal
      return `+proj=sinu +lon_0=${lon0()} ${falseOrigin()}`;
    case 3: // Hotine Oblique Mercator, variant A (EPSG 9812): false origin at the natural origin
    case 9812:
    case 9815: {
      // Variant B (EPSG 9815, as GDAL writes it): false origin at the projection centre.
      const azimuth = required(keys, "ProjAzimuthAngleGeoKey", "Hotine oblique Mercator");
      const gamma = num(keys, "ProjRectifiedGridAngleGeoKey") ?? azimuth;
      const variantA = method !== 9815 ? " +no_uoff" : "";
      return `+proj=omerc${variantA} +lat_0=${lat0()} +lonc=${lon0()} +alpha=${azimuth} +gamma=${gamma} +k_0=${k0()} ${falseOrigin()}`;
    }
    case 12: // Azimuthal Equidistant
      return `+proj=aeqd +lat_0=${lat0()} +lon_0=${lon0()} ${falseOrigin()}`;
    case 13: // Equidistant Conic
      return `+proj=eqdc +lat_0=${lat0()} +lon_0=${lon0()} +lat_1=${required(keys, "ProjStdParallel1GeoKey", "equidistant conic")} +lat_2=${required(keys, "ProjStdParallel2GeoKey", "equidistant conic")} ${falseOrigin()}`;
    case 14: // Stereographic (oblique, PROJ's stere)
      return `+proj=stere +lat_0=${lat0()} +lon_0=${lon0()} +k_0=${k0()} ${falseOrigin()}`;
    case 16: // Oblique Stereographic (EPSG 9809; the Dutch RD grid, New Brunswick, Romania's Stereo 70)
      return `+proj=sterea +lat_0=${lat0()} +lon_0=${lon0()} +k_0=${k0()} ${falseOrigin()}`;
    case 18: // Cassini-Soldner
      return `+proj=cass +lat_0=${lat0()} +lon_0=${lon0()} ${falseOrigin()}`;
    case 19: // Gnomonic
      return `+proj=gnom +lat_0=${lat0()} +lon_0=${lon0()} ${falseOrigin()}`;
    case 21: // Orthographic
      return `+proj=ortho +lat_0=${lat0()} +lon_0=${lon0()} ${falseOrigin()}`;
    case 22: // Polyconic
      return `+proj=poly +lat_0=${lat0()} +lon_0=${lon0()} ${falseOrigin()}`;
    case 23: // Robinson
      return `+proj=robin +lon_0=${lon0()} ${falseOrigin()}`;
    case 26: // New Zealand Map Grid
      return `+proj=nzmg +lat_0=${lat0()} +lon_0=${lon0()} ${falseOrigin()}`;
    case 28: // Cylindrical Equal Area
      return `+proj=cea +lat_ts=${num(keys, "ProjStdParallel1GeoKey") ?? 0} +lon_0=${lon0()} ${falseOrigin()}`;
    // Refused, not guessed: Miller (20) and Van der Grinten (25), which GDAL reads on the
    // authalic sphere (+R_A) that proj4js ignores, and south-oriented Transverse Mercator
    // (27), whose west/south axes proj4js does not apply — each would land hundreds of
    // metres to kilometres from where GDAL puts it.
    default:
      throw new ImageryError("unsupported", `projection method ${method} (ProjCoordTransGeoKey) in a user-defined CRS`);
  }
}

/** PROJ string of a user-defined projected CRS. */
export function buildProjectedProj4(keys: GeoKeys): string {
  const projection = num(keys, "ProjectionGeoKey");
  const method = projection !== undefined && projection !== USER_DEFINED ? projectionFromCode(projection) : projectionFromMethod(keys);
  return `${method} ${geodeticParams(keys)} ${linearUnits(keys)} +no_defs`.replace(/\s+/g, " ").trim();
}

/** PROJ string of a user-defined geographic CRS. */
export function buildGeographicProj4(keys: GeoKeys): string {
  return `+proj=longlat ${geodeticParams(keys)} +no_defs`.replace(/\s+/g, " ").trim();
}
