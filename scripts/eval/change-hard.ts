// The harder pairs of npm run eval:change (issue 19): the standard change pair
// with one nuisance each — the after content moved by (1.4, −0.7) px, gamma +
// haze + per-band gain, NIR brightening of vegetation, clouds with offset
// shadows — an after scene at 1.5× the ground sample distance and one in
// another CRS (both made by gdalwarp from the standard after scene), and all
// nuisances at once, with changes and without. Targets: object precision and
// recall ≥ 0.90 on each nuisance pair; no candidate on a cloud or its shadow;
// at most 2 candidates on the all-nuisance no-change pair; the coarser and
// other-CRS pairs give the same-grid pair's candidates (IoU ≥ 0.8) for ≥ 90 % of them.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { detectChanges, type DetectionResult, type DetectOptions } from "@/imagery/detect/detect-changes";
import { cloudsAndShadows, gammaHaze, keepClear, misregister, nirPhenology, noiseOnly, NIR, RED, type Raster } from "./change-nuisances";
import { NOISE_SIGMA, SEED, shiftAndNoise, writeScene, type Painted, type Scene } from "./change-scenes";
import { candidatePixels, score, type Grid, type Score } from "./change-score";

export const HARD_TARGETS = { precision: 0.9, recall: 0.9, onClouds: 0, allNuisanceNoChange: 2, sameCandidatesShare: 0.9, sameCandidatesIoU: 0.8 };
export const SHIFT: [number, number] = [1.4, -0.7];
const CLOUDS = 6;
/** 10 × 10 before pixels: at 1.5× GSD a one-pixel edge shift of such an object still leaves IoU ≥ 0.8. */
export const LARGE_PIXELS = 100;

export interface HardRun {
  label: string;
  score: Score | null;
  candidates: number;
  /** Candidates with most of their pixels under a cloud or a shadow. */
  onClouds: number;
  obscured: number;
  /** For the coarser and other-CRS pairs: share of the same-grid pair's candidates found again at IoU ≥ 0.8. */
  sameCandidates: number | null;
  /** The same for candidates of LARGE_PIXELS or more: big enough that a coarser pixel's edge cannot alone bring IoU under 0.8. */
  sameLargeCandidates: number | null;
  registration: DetectionResult["registration"] | null;
  timeS: number;
  met: boolean;
  why: string[];
}

const iou = (a: Int32Array, b: Int32Array): number => {
  const set = new Set(a);
  let inter = 0;
  for (const p of b) if (set.has(p)) inter++;
  return inter / (a.length + b.length - inter || 1);
};

/** Share of `reference`'s candidates (of `minPixels` or more) that `result` gives again with IoU ≥ `min`. */
function sameCandidates(reference: DetectionResult, result: DetectionResult, grid: Grid, min: number, minPixels = 0): number {
  const ref = candidatePixels(reference, grid).filter((c) => c.length >= minPixels);
  const got = candidatePixels(result, grid);
  if (ref.length === 0) return 1;
  return ref.filter((r) => got.some((g) => iou(r, g) >= min)).length / ref.length;
}

export async function runHardPairs(args: {
  scene: Scene;
  painted: Painted;
  grid: Grid;
  outDir: string;
  standardAfter: string;
  before: string;
  sameGrid: DetectionResult;
}): Promise<HardRun[]> {
  const { scene, painted, grid, outDir } = args;
  const raster = (data: Uint8Array): Raster => ({ width: scene.width, height: scene.height, bands: scene.bands, data });
  const file = (name: string) => path.join(outDir, `after-${name}.tif`);
  const write = (name: string, data: Uint8Array) => {
    writeScene(scene, data, file(name));
    return file(name);
  };
  const keep = keepClear(painted.truth, scene.width, scene.height, 4);
  const withClouds = cloudsAndShadows(raster(painted.changed), keep, CLOUDS, SEED + 40);
  const cloudMask = withClouds.mask;
  const everything = (data: Uint8Array, seed: number) => {
    const moved = misregister(raster(data), SHIFT[0], SHIFT[1]);
    const graded = gammaHaze(raster(moved));
    const season = nirPhenology(raster(graded)).data;
    const clouded = cloudsAndShadows(raster(season), keep, CLOUDS, SEED + 40).data;
    return noiseOnly(clouded, NOISE_SIGMA, seed);
  };
  const warp = (from: string, name: string, extra: string[]) => {
    execFileSync("gdalwarp", ["-q", "-overwrite", ...extra, from, file(name)]);
    return file(name);
  };
  const pairs: { label: string; after: string; truth: boolean; noChange?: boolean; clouds?: boolean; sameAs?: boolean }[] = [
    { label: `moved (${SHIFT[0]}, ${SHIFT[1]}) px`, after: write("moved", shiftAndNoise(misregister(raster(painted.changed), SHIFT[0], SHIFT[1]), SEED + 11).out), truth: true },
    { label: "gamma + haze + gain", after: write("gamma-haze", noiseOnly(gammaHaze(raster(painted.changed)), NOISE_SIGMA, SEED + 12)), truth: true },
    { label: "NIR phenology", after: write("nir", shiftAndNoise(nirPhenology(raster(painted.changed)).data, SEED + 13).out), truth: true },
    { label: `${withClouds.count} clouds + shadows`, after: write("clouds", shiftAndNoise(withClouds.data, SEED + 14).out), truth: true, clouds: true },
    {
      label: "after at 1.5× GSD",
      after: warp(args.standardAfter, "coarse", ["-tr", String(scene.resolution[0] * 1.5), String(-scene.resolution[1] * 1.5), "-r", "average"]),
      truth: true,
      sameAs: true,
    },
    { label: "after in EPSG:4326", after: warp(args.standardAfter, "wgs84", ["-t_srs", "EPSG:4326", "-r", "bilinear"]), truth: true, sameAs: true },
    {
      label: "all nuisances, 1.5× GSD",
      after: warp(write("all-fine", everything(painted.changed, SEED + 15)), "all", [
        "-tr",
        String(scene.resolution[0] * 1.5),
        String(-scene.resolution[1] * 1.5),
        "-r",
        "average",
      ]),
      truth: true,
      clouds: true,
    },
    {
      label: "all nuisances, no change",
      after: warp(write("all-none-fine", everything(painted.before, SEED + 16)), "all-none", [
        "-tr",
        String(scene.resolution[0] * 1.5),
        String(-scene.resolution[1] * 1.5),
        "-r",
        "average",
      ]),
      truth: false,
      noChange: true,
      clouds: true,
    },
  ];
  const nirOptions: Partial<DetectOptions> = { nirBand: NIR + 1, redBand: RED + 1 };
  const runs: HardRun[] = [];
  for (const p of pairs) {
    const t0 = performance.now();
    const r = await detectChanges({ before: args.before, after: p.after, ...nirOptions });
    const timeS = (performance.now() - t0) / 1000;
    const s = p.truth ? score(r, grid, painted.truth, painted.objects) : null;
    const cands = candidatePixels(r, grid);
    const onClouds = p.clouds ? cands.filter((c) => c.length > 0 && Array.from(c).filter((px) => cloudMask[px]).length / c.length >= 0.5).length : 0;
    const same = p.sameAs ? sameCandidates(args.sameGrid, r, grid, HARD_TARGETS.sameCandidatesIoU) : null;
    const sameLarge = p.sameAs ? sameCandidates(args.sameGrid, r, grid, HARD_TARGETS.sameCandidatesIoU, LARGE_PIXELS) : null;
    const why: string[] = [];
    if (s && !p.sameAs && s.precision < HARD_TARGETS.precision) why.push(`precision ${s.precision.toFixed(3)}`);
    if (s && !p.sameAs && s.recall < HARD_TARGETS.recall) why.push(`recall ${s.recall.toFixed(3)}`);
    if (onClouds > HARD_TARGETS.onClouds) why.push(`${onClouds} candidates on clouds or shadows`);
    if (p.noChange && r.candidates.features.length > HARD_TARGETS.allNuisanceNoChange) why.push(`${r.candidates.features.length} candidates with no change`);
    if (same !== null && same < HARD_TARGETS.sameCandidatesShare) why.push(`${(100 * same).toFixed(1)} % of the same-grid candidates`);
    runs.push({
      label: p.label,
      score: s,
      candidates: r.candidates.features.length,
      onClouds,
      obscured: r.obscured?.features.length ?? 0,
      sameCandidates: same,
      sameLargeCandidates: sameLarge,
      registration: r.registration ?? null,
      timeS,
      met: why.length === 0,
      why,
    });
  }
  return runs;
}
