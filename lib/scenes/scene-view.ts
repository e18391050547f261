// A scene as the workspace and the API show it: metadata for people and the
// viewer, never where it is stored (no sha256 store keys, no uploader). Pure.
import type { Scene } from "@prisma/client";
import type { BandStats } from "@/imagery/band-stats";
import { scenePixelAreaM2 } from "../annotations/change-geometry-rules";
import { writerLabel } from "@/imagery/writer";
import { resolvePublicRender } from "./public-render";

export interface SceneView {
  id: string;
  acquiredAt: string;
  sensor: string;
  license: string;
  attribution: string;
  synthetic: boolean;
  publicDisplay: boolean;
  publicMaxZoom: number;
  /** How the public tiles render it (editor's choice as JSON, "" for the default). */
  publicRender: string;
  width: number;
  height: number;
  bandCount: number;
  dataType: string;
  nodata: number | null;
  crs: string;
  crsProj4: string;
  gsdM: number | null;
  /** Mean ground area of one pixel, square metres (the smallest change that can be seen on it). */
  pixelAreaM2: number;
  bandStats: BandStats[];
  originalFilename: string;
  /** PROCESSING while a worker converts the upload; only READY scenes are used (scene-rules.ts). */
  status: Scene["status"];
  /** Why a FAILED scene failed. */
  statusMessage: string;
  /** The conversion job, to follow a PROCESSING scene's progress (GET /api/jobs/:id). */
  conversionJobId: string | null;
  /** Where its files come from: the original as uploaded → its COG → its public tiles, each by sha256 of its parent and writer. */
  lineage: SceneLineage;
}

export interface SceneLineage {
  original: { sha256: string; bytes: number };
  cog: { sha256: string; bytes: number | null; parent: string; writer: string } | null;
  /** The public tiles of its current rendering (kept under the COG's sha256, with a lineage record). */
  tiles: { parent: string; renderKey: string; writer: string } | null;
}

export function toSceneView(s: Scene): SceneView {
  return {
    id: s.id,
    acquiredAt: s.acquiredAt.toISOString(),
    sensor: s.sensor,
    license: s.license,
    attribution: s.attribution,
    synthetic: s.synthetic,
    publicDisplay: s.publicDisplay,
    publicMaxZoom: s.publicMaxZoom,
    publicRender: s.publicRender,
    width: s.width,
    height: s.height,
    bandCount: s.bandCount,
    dataType: s.dataType,
    nodata: s.nodata,
    crs: s.crs,
    crsProj4: s.crsProj4,
    gsdM: s.gsdM,
    pixelAreaM2: scenePixelAreaM2({ footprint: JSON.parse(s.footprint), width: s.width, height: s.height }),
    bandStats: JSON.parse(s.bandStats),
    originalFilename: s.originalFilename,
    status: s.status,
    statusMessage: s.statusMessage,
    conversionJobId: s.conversionJobId,
    lineage: {
      original: { sha256: s.sha256, bytes: s.byteSize },
      cog: s.cogSha256 ? { sha256: s.cogSha256, bytes: s.cogByteSize, parent: s.sha256, writer: s.cogWriter ?? "unrecorded (converted before lineage was kept)" } : null,
      tiles: s.cogSha256 && s.status === "READY" ? { parent: s.cogSha256, renderKey: resolvePublicRender(s).key, writer: writerLabel() } : null,
    },
  };
}
