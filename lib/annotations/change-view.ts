// Plain, serialisable views of changes and scenes for client components.
import type { AnnotationStatus, Scene } from "@prisma/client";
import type { AreaGeometry } from "../geo/area-geometry";
import type { BandStats } from "@/imagery/band-stats";
import type { AnnotationWithRevision } from "./annotations.server";

export interface ChangeView {
  id: string;
  siteId: string;
  status: AnnotationStatus;
  version: number;
  authorId: string;
  authorName: string;
  revision: number;
  revisionAuthorId: string;
  geometry: AreaGeometry;
  areaM2: number;
  changeType: string;
  damageGrade: string | null;
  confidence: string;
  beforeSceneId: string;
  afterSceneId: string;
  beforeDate: string;
  afterDate: string;
  /** Either scene of the detection window is synthetic (derived, not a real observation). */
  syntheticImagery: boolean;
  description: string;
  sources: { url: string; title: string; archiveUrl: string | null; accessedAt: string | null; withheld: boolean }[];
  updatedAt: string;
}

export function toChangeView(a: AnnotationWithRevision): ChangeView {
  const rev = a.currentRevision!;
  return {
    id: a.id,
    siteId: a.siteId,
    status: a.status,
    version: a.version,
    authorId: a.authorId,
    authorName: a.author.name,
    revision: rev.number,
    revisionAuthorId: rev.createdById,
    geometry: JSON.parse(rev.geometry),
    areaM2: rev.areaM2,
    changeType: rev.changeType,
    damageGrade: rev.damageGrade,
    confidence: rev.confidence,
    beforeSceneId: rev.beforeSceneId,
    afterSceneId: rev.afterSceneId,
    beforeDate: rev.beforeScene.acquiredAt.toISOString(),
    afterDate: rev.afterScene.acquiredAt.toISOString(),
    syntheticImagery: rev.beforeScene.synthetic || rev.afterScene.synthetic,
    description: rev.description,
    sources: rev.sources.map((s) => ({ url: s.url, title: s.title, archiveUrl: s.archiveUrl, accessedAt: s.accessedAt?.toISOString() ?? null, withheld: s.withheld })),
    updatedAt: a.updatedAt.toISOString(),
  };
}

export interface SceneView {
  id: string;
  acquiredAt: string;
  sensor: string;
  license: string;
  attribution: string;
  synthetic: boolean;
  publicDisplay: boolean;
  width: number;
  height: number;
  bandCount: number;
  dataType: string;
  nodata: number | null;
  crs: string;
  crsProj4: string;
  gsdM: number | null;
  bandStats: BandStats[];
  originalFilename: string;
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
    width: s.width,
    height: s.height,
    bandCount: s.bandCount,
    dataType: s.dataType,
    nodata: s.nodata,
    crs: s.crs,
    crsProj4: s.crsProj4,
    gsdM: s.gsdM,
    bandStats: JSON.parse(s.bandStats),
    originalFilename: s.originalFilename,
  };
}
