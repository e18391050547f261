// What the detection routes return: candidates, per-site counts, a finished
// run's summary and an accepted candidate. Pure: the server builds them here
// and the Find changes panel reads the same types.
import type { ChangeCandidate } from "@prisma/client";
import type { Polygon } from "geojson";
import type { ChangeView } from "../annotations/change-view";
import type { ChangeGeometryIssue } from "../annotations/change-geometry-rules";
import type { JobView } from "../jobs/job-view";
import type { ObscuredArea, RegistrationReport } from "./detection-report";

export interface CandidateView {
  id: string;
  beforeSceneId: string;
  afterSceneId: string;
  /** EPSG:4326, RFC 7946 winding. */
  geometry: Polygon;
  /** Mean change magnitude ÷ the run's threshold (compares within a run). */
  score: number;
  /** Geodesic square metres. */
  areaM2: number;
  pixelCount: number;
  status: ChangeCandidate["status"];
  dismissReason: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  annotationId: string | null;
  createdAt: string;
  /** Changes of the same two scenes this candidate overlaps (rejected and retracted ones left out): probably already recorded. */
  overlaps: { annotationId: string; status: string; changeType: string; iou: number }[];
}

export interface DetectionCounts {
  undecided: number;
  accepted: number;
  dismissed: number;
}

/** GET /api/sites/:id/candidates */
export interface CandidateList {
  candidates: CandidateView[];
  counts: DetectionCounts;
  /** The detection queued or running on this pair (whoever started it, in whatever process), so a page opened later can follow it. */
  activeJobId: string | null;
}

/** What storing a run's candidates did. */
export interface StoredCandidates {
  /** New undecided candidates. */
  proposed: number;
  /** Undecided candidates of the previous run that this run replaced. */
  replaced: number;
  /** Candidates not proposed again because one like them was decided before. */
  alreadyDecided: number;
  /** Decided candidates of the pair, kept. */
  decidedKept: number;
}

/** A finished detection job's result (JobView.result of a "detect" job). */
export interface DetectionSummary extends StoredCandidates {
  threshold: number;
  pixelsCompared: number;
  /** The shift found between the scenes and whether it was corrected (absent in runs from before co-registration). */
  registration?: RegistrationReport;
  /** Areas set apart as clouds or cloud shadows: not compared, not proposed. */
  obscured?: ObscuredArea[];
  /** The bands compared (1-based), or null for all the bands both scenes have. */
  bands?: number[] | null;
  /** The near-infrared and red bands used by the season rule, or null when the sensor's bands are not known. */
  nirRed?: { nir: number; red: number } | null;
}

/** A finished "Find when" job's result: each change stored under the narrowest window the site's scenes give it. */
export interface SeriesSummary {
  scenes: number;
  changes: number;
  /** The windows changes were found in, in date order, with how many each. */
  windows: { beforeSceneId: string; afterSceneId: string; beforeDate: string; afterDate: string; changes: number; narrowed: boolean }[];
  obscured: ObscuredArea[];
  /** Scenes left out: another band count or data type than the series' (a DEM, a one-band scan). */
  left: { sceneId: string; acquiredAt: string; bands: number; dataType: string }[];
  /** Neighbouring pairs that could not be compared, and why (their changes keep the wider window). */
  pairsNotCompared: { beforeDate: string; afterDate: string; reason: string }[];
}

/** A detection job as GET /api/jobs/:id returns it. */
export type DetectionJobView = Omit<JobView, "result"> & { result: DetectionSummary | null };

/** POST /api/candidates/:id/accept */
export interface AcceptedCandidate {
  candidate: CandidateView;
  annotation: ChangeView;
  warnings: ChangeGeometryIssue[];
}

export function toCandidateView(c: ChangeCandidate & { decidedBy?: { name: string } | null }): CandidateView {
  return {
    id: c.id,
    beforeSceneId: c.beforeSceneId,
    afterSceneId: c.afterSceneId,
    geometry: JSON.parse(c.geometry) as Polygon,
    score: c.score,
    areaM2: c.areaM2,
    pixelCount: c.pixelCount,
    status: c.status,
    dismissReason: c.dismissReason,
    decidedBy: c.decidedBy?.name ?? null,
    decidedAt: c.decidedAt?.toISOString() ?? null,
    annotationId: c.annotationId,
    createdAt: c.createdAt.toISOString(),
    overlaps: [],
  };
}
