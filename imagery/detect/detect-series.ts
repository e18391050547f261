// When a change was first seen: detection across a time series of scenes.
//
// The changes are those between the first and the last scene (in date order).
// Each consecutive pair is compared too; a change's narrowest window is from
// the before scene of the first consecutive pair in which it shows to the
// after scene of the last one: the last scene before it and the first scene
// after it. A change that no consecutive pair shows on its own (it grew by
// small steps, each under the threshold) keeps the whole series as its window.
import { area as turfArea } from "@turf/area";
import { intersect as turfIntersect } from "@turf/turf";
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from "geojson";
import { ImageryError } from "../imagery-error";
import type { SourceInput } from "../source/byte-source";
import { detectChanges, type CandidateProperties, type DetectionResult, type ObscuredProperties } from "./detect-changes";

export interface SeriesScene {
  source: SourceInput;
  /** How the scene is named in the result (a file name, a scene id). */
  label: string;
  acquiredAt: Date;
}

export interface SeriesChangeProperties extends CandidateProperties {
  /** The narrowest window: indexes (in date order) and labels of the last scene before the change and the first after it. */
  beforeIndex: number;
  afterIndex: number;
  before: string;
  after: string;
  beforeDate: string;
  afterDate: string;
  /**
   * True when a pair of neighbouring scenes showed the change, so its window is
   * the narrowest the imagery gives; false when only the whole series shows it
   * (it grew by steps too small to see between neighbours).
   */
  narrowed: boolean;
}

export interface SeriesResult {
  changes: FeatureCollection<Polygon, SeriesChangeProperties>;
  /** Cloud and shadow areas of the first-to-last comparison (not compared). */
  obscured: FeatureCollection<Polygon, ObscuredProperties>;
  /** The scenes in date order. */
  scenes: { label: string; acquiredAt: string }[];
  /** Candidates found by each consecutive pair (i → i + 1). */
  pairs: { before: number; after: number; candidates: number; registration: DetectionResult["registration"] | null; error?: string }[];
}

/** Share of a change's area that a pair's candidate covers, from which the pair shows that change. */
export const SHOWS_CHANGE = 0.25;

type Options = {
  aoi?: Polygon | MultiPolygon | null;
  sensitivity?: number;
  nirBand?: number;
  redBand?: number;
  bands?: number[];
  signal?: AbortSignal;
  onProgress?: (fraction: number, message: string) => void;
};

function overlapShare(change: Polygon, candidate: Polygon, changeArea: number): number {
  const [a, b] = [change, candidate].map((g) => ({ type: "Feature" as const, geometry: g, properties: {} }));
  let inter: Feature<Polygon | MultiPolygon> | null = null;
  try {
    inter = turfIntersect({ type: "FeatureCollection", features: [a!, b!] });
  } catch {
    return 0;
  }
  return inter ? turfArea(inter) / Math.max(changeArea, 1e-9) : 0;
}

const bboxOf = (g: Polygon): [number, number, number, number] => {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of g.coordinates[0]!) {
    x0 = Math.min(x0, x!);
    y0 = Math.min(y0, y!);
    x1 = Math.max(x1, x!);
    y1 = Math.max(y1, y!);
  }
  return [x0, y0, x1, y1];
};

export async function detectSeries(scenes: SeriesScene[], opts: Options = {}): Promise<SeriesResult> {
  if (scenes.length < 2) throw new ImageryError("unsupported", "a series needs at least two scenes");
  const ordered = [...scenes].sort((a, b) => a.acquiredAt.getTime() - b.acquiredAt.getTime());
  const n = ordered.length;
  const runs = n; // the first-to-last comparison and n − 1 consecutive pairs
  const progress = opts.onProgress ?? (() => {});
  const detect = async (i: number, j: number, step: number) =>
    detectChanges({
      before: ordered[i]!.source,
      after: ordered[j]!.source,
      aoi: opts.aoi,
      sensitivity: opts.sensitivity,
      nirBand: opts.nirBand,
      redBand: opts.redBand,
      bands: opts.bands,
      signal: opts.signal,
      onProgress: (f, m) => progress((step + f) / runs, `${ordered[i]!.label} → ${ordered[j]!.label}: ${m}`),
    });
  const overall = await detect(0, n - 1, 0);
  // A neighbouring pair that cannot be compared (no overlap in the area) shows nothing: its changes keep a wider window.
  const pairs: (DetectionResult | { error: string })[] = [];
  for (let i = 0; i + 1 < n; i++) {
    if (n === 2) pairs.push(overall);
    else
      pairs.push(
        await detect(i, i + 1, i + 1).catch((e: unknown) => {
          if (e instanceof ImageryError) return { error: e.message.replace(/^unsupported: /, "") };
          throw e;
        }),
      );
  }
  const features = overall.candidates.features.map((change) => {
    const changeArea = turfArea(change.geometry);
    const [x0, y0, x1, y1] = bboxOf(change.geometry);
    const showing: number[] = [];
    pairs.forEach((p, i) => {
      if ("error" in p) return;
      const shows = p.candidates.features.some((c) => {
        const [a0, b0, a1, b1] = bboxOf(c.geometry);
        if (a0 > x1 || a1 < x0 || b0 > y1 || b1 < y0) return false;
        return overlapShare(change.geometry, c.geometry, changeArea) >= SHOWS_CHANGE;
      });
      if (shows) showing.push(i);
    });
    const beforeIndex = showing.length ? Math.min(...showing) : 0;
    const afterIndex = showing.length ? Math.max(...showing) + 1 : n - 1;
    const properties: SeriesChangeProperties = {
      ...change.properties,
      beforeIndex,
      afterIndex,
      before: ordered[beforeIndex]!.label,
      after: ordered[afterIndex]!.label,
      beforeDate: ordered[beforeIndex]!.acquiredAt.toISOString(),
      afterDate: ordered[afterIndex]!.acquiredAt.toISOString(),
      narrowed: showing.length > 0,
    };
    return { type: "Feature" as const, geometry: change.geometry, properties };
  });
  progress(1, `${features.length} change${features.length === 1 ? "" : "s"} across ${n} scenes`);
  return {
    changes: { type: "FeatureCollection", features },
    obscured: overall.obscured,
    scenes: ordered.map((s) => ({ label: s.label, acquiredAt: s.acquiredAt.toISOString() })),
    pairs: pairs.map((p, i) =>
      "error" in p
        ? { before: i, after: i + 1, candidates: 0, registration: null, error: p.error }
        : { before: i, after: i + 1, candidates: p.candidates.features.length, registration: p.registration },
    ),
  };
}
