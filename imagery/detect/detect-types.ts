// What change detection takes and gives (detect-changes.ts): its options,
// the candidates' and obscured areas' properties, the result, and the error a
// cancelled run throws. Types only, apart from that error.
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from "geojson";
import type { SourceInput } from "../source/byte-source";
import type { Registration } from "./coregister";
import type { Normalisation, NormalisationMethod } from "./normalise";
import type { ThresholdChoice } from "./threshold";

export interface DetectOptions {
  /** The scenes' files: local paths or byte sources. */
  before: SourceInput;
  after: SourceInput;
  /** Area of interest in EPSG:4326; the whole before scene when absent. */
  aoi?: Polygon | MultiPolygon | null;
  /** 0..1; 0.5 is the automatic threshold, higher finds more. */
  sensitivity?: number;
  /** 1-based band numbers compared (default: all bands of the before scene). */
  bands?: number[];
  normalisation?: NormalisationMethod;
  minPixels?: number;
  /** Candidates smaller than this (geodesic m²) are dropped. */
  minAreaM2?: number;
  /**
   * 1-based near-infrared and red bands, when the scenes have them: vegetation
   * that stays vegetation and only brightens or darkens in the near infrared
   * (another season) is not counted as change.
   */
  nirBand?: number;
  redBand?: number;
  /** Estimate the shift between the scenes and correct it when confident (default true). */
  register?: boolean;
  workers?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number, message: string) => void;
}

export interface CandidateProperties {
  /** Mean change magnitude over the candidate ÷ the threshold (≥ about 1; higher is a stronger change). */
  score: number;
  areaM2: number;
  pixelCount: number;
}

export type CandidateFeature = Feature<Polygon, CandidateProperties>;

export interface ObscuredProperties extends CandidateProperties {
  /** Always true: an area where a cloud or its shadow hides the ground, so it was not compared. */
  cloud: true;
  kind: "cloud" | "shadow";
}

export interface DetectionResult {
  candidates: FeatureCollection<Polygon, CandidateProperties>;
  /** Changed areas that are clouds or cloud shadows: listed apart, never proposed as changes. */
  obscured: FeatureCollection<Polygon, ObscuredProperties>;
  threshold: ThresholdChoice;
  normalisation: Normalisation;
  /** The shift found between the scenes, in before pixels and metres, and whether it was corrected. */
  registration: Registration & { eastM: number | null; northM: number | null };
  grid: { width: number; height: number; crs: string };
  pixels: { inArea: number; usable: number; changed: number };
}

export class DetectionCancelled extends Error {
  constructor() {
    super("change detection was cancelled");
    this.name = "DetectionCancelled";
  }
}
