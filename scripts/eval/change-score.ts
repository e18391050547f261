// Scoring a detection against painted truth, in pixel space (scripts/eval/change.ts).
import { rasteriseRings, type PixelRing } from "@/imagery/detect/aoi-raster";
import type { DetectionResult } from "@/imagery/detect/detect-changes";
import { IOU, type Material, type Shape, type TruthObject } from "./change-scenes";

// ---------- scoring ----------

export interface Grid {
  width: number;
  height: number;
  fromLonLat: (p: [number, number]) => [number, number]; // → pixel x (col), y (row)
}

/** Pixel indices of each candidate, rasterised at pixel centres (even–odd, so holes stay out). */
export function candidatePixels(result: DetectionResult, grid: Grid): Int32Array[] {
  return result.candidates.features.map((f) => {
    const rings: PixelRing[] = f.geometry.coordinates.map((ring) => ring.map((p) => grid.fromLonLat(p as [number, number])));
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity; // prettier-ignore
    for (const ring of rings) {
      for (const [x, y] of ring) {
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
      }
    }
    const c0 = Math.max(0, Math.floor(minX));
    const r0 = Math.max(0, Math.floor(minY));
    const c1 = Math.min(grid.width, Math.ceil(maxX));
    const r1 = Math.min(grid.height, Math.ceil(maxY));
    if (c1 <= c0 || r1 <= r0) return new Int32Array(0);
    const m = rasteriseRings(rings, c0, r0, c1, r1);
    const w = c1 - c0;
    const idx: number[] = [];
    for (let i = 0; i < m.length; i++) if (m[i]) idx.push((r0 + Math.floor(i / w)) * grid.width + c0 + (i % w));
    return Int32Array.from(idx);
  });
}

export interface Score {
  candidates: number;
  truePositives: number;
  truthObjects: number;
  found: number;
  precision: number;
  recall: number;
  pixel: { precision: number; recall: number; f1: number };
  byKind: Record<string, { truth: number; found: number }>;
  missed: { id: number; shape: Shape; material: Material; pixels: number; contrast: number; bestIoU: number; candidatesTouching: number; covered: number; why: string }[];
  falsePositives: { pixels: number; score: number; bestIoU: number; truthTouching: number; why: string; at: [number, number] }[];
}

export function score(result: DetectionResult, grid: Grid, truth: Int32Array, objects: TruthObject[], only?: (o: TruthObject) => boolean): Score {
  const cands = candidatePixels(result, grid);
  const counted = (id: number) => id > 0 && (!only || only(objects[id - 1]!));
  // Intersections candidate × truth object.
  const inter = cands.map((px) => {
    const m = new Map<number, number>();
    for (const p of px) {
      const t = truth[p]!;
      if (t > 0) m.set(t - 1, (m.get(t - 1) ?? 0) + 1);
    }
    return m;
  });
  const iou = (c: number, t: number) => {
    const i = inter[c]!.get(t) ?? 0;
    return i / (cands[c]!.length + objects[t]!.pixels - i);
  };
  const bestForTruth = new Float64Array(objects.length);
  const touching = new Int32Array(objects.length);
  let tp = 0;
  const falsePositives: Score["falsePositives"] = [];
  cands.forEach((px, c) => {
    let best = 0;
    let bestCounted = 0;
    let touchesExcluded = false;
    for (const t of inter[c]!.keys()) {
      const v = iou(c, t);
      best = Math.max(best, v);
      if (counted(t + 1)) bestCounted = Math.max(bestCounted, v);
      else touchesExcluded = true;
      bestForTruth[t] = Math.max(bestForTruth[t]!, v);
      touching[t]!++;
    }
    if (bestCounted >= IOU) tp++;
    // A candidate over a truth object excluded from this scoring is neither right nor wrong.
    else if (!touchesExcluded) {
      const p0 = px[0] ?? 0;
      const why =
        inter[c]!.size === 0
          ? "no truth object under it"
          : inter[c]!.size > 1
            ? `covers ${inter[c]!.size} truth objects (merged)`
            : "a part of a truth object (split) or much larger than it";
      falsePositives.push({
        pixels: px.length,
        score: result.candidates.features[c]!.properties.score,
        bestIoU: Math.round(best * 1000) / 1000,
        truthTouching: inter[c]!.size,
        why,
        at: [p0 % grid.width, Math.floor(p0 / grid.width)],
      });
    }
  });
  const union = new Uint8Array(grid.width * grid.height);
  for (const px of cands) for (const p of px) union[p] = 1;
  let both = 0;
  let truthPx = 0;
  let predPx = 0;
  for (let i = 0; i < union.length; i++) {
    const t = counted(truth[i]!) ? 1 : 0;
    const excluded = truth[i]! > 0 && !t;
    if (excluded) continue;
    truthPx += t;
    predPx += union[i]!;
    both += t & union[i]!;
  }
  const covered = new Int32Array(objects.length);
  for (let i = 0; i < union.length; i++) if (union[i] && truth[i]! > 0) covered[truth[i]! - 1]!++;
  const byKind: Score["byKind"] = {};
  const missed: Score["missed"] = [];
  let found = 0;
  let truthObjects = 0;
  for (const o of objects) {
    if (only && !only(o)) continue;
    truthObjects++;
    const ok = bestForTruth[o.id]! >= IOU;
    if (ok) found++;
    for (const key of [`${o.shape}/${o.material}`]) {
      byKind[key] ??= { truth: 0, found: 0 };
      byKind[key].truth++;
      if (ok) byKind[key].found++;
    }
    if (!ok) {
      const cov = covered[o.id]! / o.pixels;
      const why =
        touching[o.id] === 0
          ? "not detected at all"
          : touching[o.id]! > 1
            ? `split into ${touching[o.id]} candidates`
            : cov < IOU
              ? `only ${(cov * 100).toFixed(0)} % detected`
              : "merged into a larger candidate";
      missed.push({
        id: o.id,
        shape: o.shape,
        material: o.material,
        pixels: o.pixels,
        contrast: Math.round(o.contrast),
        bestIoU: Math.round(bestForTruth[o.id]! * 1000) / 1000,
        candidatesTouching: touching[o.id]!,
        covered: Math.round(cov * 1000) / 1000,
        why,
      });
    }
  }
  const pp = predPx ? both / predPx : 1;
  const pr = truthPx ? both / truthPx : 1;
  const relevantCandidates = tp + falsePositives.length;
  return {
    candidates: cands.length,
    truePositives: tp,
    truthObjects,
    found,
    precision: relevantCandidates ? tp / relevantCandidates : 1,
    recall: truthObjects ? found / truthObjects : 1,
    pixel: { precision: pp, recall: pr, f1: pp + pr ? (2 * pp * pr) / (pp + pr) : 0 },
    byKind,
    missed,
    falsePositives,
  };
}
