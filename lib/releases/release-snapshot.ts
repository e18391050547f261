// The frozen public content of one site release, and its canonical JSON.
// Pure: built from plain rows, so it can be tested without a database.
import type { AreaGeometry } from "../geo/area-geometry";

/** What the public sees of a scene. Never the file, never its storage key. */
export interface PublicScene {
  id: string;
  acquiredAt: string;
  sensor: string;
  gsdM: number | null;
  cloudCoverPct: number | null;
  provider: string;
  license: string;
  attribution: string;
  publicDisplay: boolean;
  publicMaxZoom: number;
  synthetic: boolean;
  /** GeoJSON Polygon, EPSG:4326. */
  footprint: AreaGeometry;
  crs: string;
}

export interface PublicSource {
  url: string;
  title: string;
  archiveUrl: string | null;
  accessedAt: string | null;
}

export interface PublicChange {
  id: string;
  revision: number;
  changeType: string;
  damageGrade: string | null;
  confidence: string;
  description: string;
  /** Geodesic square metres. */
  areaM2: number;
  /** EPSG:4326, RFC 7946 winding. */
  geometry: AreaGeometry;
  beforeSceneId: string;
  afterSceneId: string;
  /** Detection window: the change happened between these acquisition dates (ISO 8601 UTC). */
  detectedAfter: string;
  detectedBy: string;
  sources: PublicSource[];
  /** Who drew it and who approved it: every claim is traceable to its reviewers. */
  analyst: string;
  reviewers: string[];
}

export interface ReleaseSnapshot {
  schema: "sitewatch.release/1";
  site: {
    slug: string;
    name: string;
    kind: string;
    qualifier: string;
    country: string;
    region: string;
    publicSummary: string;
    methodologyNote: string;
    footprint: AreaGeometry;
    areaM2: number;
  };
  release: { number: number; note: string; publishedAt: string; publishedBy: string };
  changes: PublicChange[];
  scenes: PublicScene[];
}

/** JSON with object keys sorted at every level, so equal content hashes equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]))
      : v,
  );
}
