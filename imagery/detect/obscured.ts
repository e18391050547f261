// Clouds and cloud shadows among the changed areas: the ground under them was
// not seen on one date, so they are listed apart ("not compared: cloud" or
// "shadow") instead of proposed as changes. Pure.
//
// A cloud is bright and nearly white (low saturation) on one date, brighter
// than the ground in every band, and soft-edged: its change fades out towards
// its edge. A shadow is darker on one date in every band by about the same
// factor (the ground's colour stays, only the light is less), and soft-edged.
// A bright roof is as white as a cloud and a burn scar as dark as a shadow,
// but a roof's edge is as strong as its middle, and a burn scar darkens the
// near infrared far more than the visible bands; both stay changes.
import type { Component } from "./components";
import { evalLut, type BandLut } from "./normalise";

export type ObscuredKind = "cloud" | "shadow";

/** Coefficient of variation of the inside's brightness from which an area is soft-edged (see classifyObscured). */
export const SOFT_EDGE = 0.35;
/** Share of a component's pixels that must look like a cloud (or a shadow). */
const LOOK_SHARE = 0.4;
/** A cloud pixel's bands differ from their mean by at most this share of it. */
const WHITENESS = 0.3;
/** A shadow darkens every band to this range of factors, and the factors differ by at most SHADOW_SPREAD. */
const SHADOW_FACTOR: [number, number] = [0.15, 0.9];
const SHADOW_SPREAD = 1.4;
/** Smaller components are left as they are: a cloud or a shadow is not a speck. */
export const MIN_OBSCURED_PIXELS = 64;

export interface PixelWindow {
  /** Before and (resampled, not yet normalised) after values of the window, nb a pixel, NaN where missing. */
  before: Float32Array;
  after: Float32Array;
  bands: number;
  /** The window's top-left corner and width, in the same pixel space as the component's runs. */
  col0: number;
  row0: number;
  width: number;
}

/** Looks of one pixel: 1 cloud on the after date, 2 cloud on the before date, 3 shadow on the after date, 4 shadow on the before date, 0 none. */
function look(p: ArrayLike<number>, a: ArrayLike<number>, raw: ArrayLike<number>, nb: number): number {
  let brighter = 0;
  let darker = 0;
  let sp = 0;
  let minA = Infinity, maxA = -Infinity, minP = Infinity, maxP = -Infinity, sr = 0; // prettier-ignore
  let minR = Infinity, maxR = -Infinity, minQ = Infinity, maxQ = -Infinity; // prettier-ignore
  for (let b = 0; b < nb; b++) {
    const pv = p[b]!;
    const av = a[b]!;
    if (av > pv) brighter++;
    else if (av < pv) darker++;
    sp += pv;
    // Whiteness is the after scene's own (before its brightness is matched to the before scene's).
    minA = Math.min(minA, raw[b]!);
    maxA = Math.max(maxA, raw[b]!);
    sr += raw[b]!;
    minP = Math.min(minP, pv);
    maxP = Math.max(maxP, pv);
    const r = pv > 0 ? av / pv : Infinity;
    const q = av > 0 ? pv / av : Infinity;
    minR = Math.min(minR, r);
    maxR = Math.max(maxR, r);
    minQ = Math.min(minQ, q);
    maxQ = Math.max(maxQ, q);
  }
  const mp = sp / nb;
  const mr = sr / nb;
  if (brighter === nb && mr > 0 && (maxA - minA) / mr <= WHITENESS) return 1;
  if (darker === nb && mp > 0 && (maxP - minP) / mp <= WHITENESS) return 2;
  if (darker === nb && minR >= SHADOW_FACTOR[0] && maxR <= SHADOW_FACTOR[1] && maxR / Math.max(minR, 1e-9) <= SHADOW_SPREAD) return 3;
  if (brighter === nb && minQ >= SHADOW_FACTOR[0] && maxQ <= SHADOW_FACTOR[1] && maxQ / Math.max(minQ, 1e-9) <= SHADOW_SPREAD) return 4;
  return 0;
}

/** Chessboard distance of each of the component's pixels to the nearest pixel outside it, on its bounding box (row-major). */
function depthMap(c: Component): Int32Array {
  const [c0, r0, c1, r1] = c.bbox;
  const w = c1 - c0 + 2;
  const h = r1 - r0 + 2;
  // A one-pixel frame around the box is outside.
  const depth = new Int32Array(w * h);
  for (let i = 0; i < c.runs.length; i += 3) {
    const row = c.runs[i]! - r0 + 1;
    for (let col = c.runs[i + 1]!; col < c.runs[i + 2]!; col++) depth[row * w + col - c0 + 1] = 1 << 20;
  }
  for (let y = 1; y < h - 1; y++)
    for (let x = 1; x < w - 1; x++) {
      const o = y * w + x;
      if (depth[o]) depth[o] = Math.min(depth[o]!, 1 + Math.min(depth[o - 1]!, depth[o - w]!, depth[o - w - 1]!, depth[o - w + 1]!));
    }
  for (let y = h - 2; y >= 1; y--)
    for (let x = w - 2; x >= 1; x--) {
      const o = y * w + x;
      if (depth[o]) depth[o] = Math.min(depth[o]!, 1 + Math.min(depth[o + 1]!, depth[o + w]!, depth[o + w + 1]!, depth[o + w - 1]!));
    }
  const out = new Int32Array((w - 2) * (h - 2));
  for (let y = 1; y < h - 1; y++) for (let x = 1; x < w - 1; x++) out[(y - 1) * (w - 2) + x - 1] = depth[y * w + x]!;
  return out;
}

/**
 * A cheap first look, from the change magnitudes alone: a cloud's fades from
 * its middle (inside CV ≥ this), a roof's or a scar's is about even. On the
 * eval, clouds 0.43–0.63, other areas up to 0.53 (the full check sorts those).
 */
export const MAGNITUDE_SOFTNESS = 0.4;

/** Coefficient of variation of the change magnitude two or more pixels inside the component. */
export function magnitudeSoftness(c: Component, magnitudeAt: (col: number, row: number) => number): number {
  const [c0, r0, c1] = c.bbox;
  const bw = c1 - c0;
  const depth = depthMap(c);
  let n = 0;
  let s = 0;
  let ss = 0;
  for (let i = 0; i < c.runs.length; i += 3) {
    const row = c.runs[i]!;
    for (let col = c.runs[i + 1]!; col < c.runs[i + 2]!; col++) {
      if (depth[(row - r0) * bw + col - c0]! < 2) continue;
      const m = magnitudeAt(col, row);
      n++;
      s += m;
      ss += m * m;
    }
  }
  if (n < 4) return 0;
  const mean = s / n;
  return mean > 0 ? Math.sqrt(Math.max(0, ss / n - mean * mean)) / mean : 0;
}

/**
 * Whether a changed area is a cloud or a shadow (on either date), or null when
 * it is a change to propose. Soft-edged: on the date it is seen, the area's
 * brightness two or more pixels in from its edge varies (coefficient of
 * variation ≥ SOFT_EDGE) as a cloud's fades; a roof or a scar is even.
 */
export function classifyObscured(c: Component, window: PixelWindow, luts: BandLut[]): { kind: ObscuredKind; softness: number } | null {
  if (c.pixelCount < MIN_OBSCURED_PIXELS) return null;
  const nb = window.bands;
  const [c0, r0, c1] = c.bbox;
  const bw = c1 - c0;
  const depth = depthMap(c);
  const p = new Float64Array(nb);
  const a = new Float64Array(nb);
  const raw = new Float64Array(nb);
  const counts = [0, 0, 0, 0, 0];
  // Brightness inside (depth ≥ 2) on each date: sums for the coefficient of variation.
  const inner = { n: 0, after: [0, 0], before: [0, 0] };
  let seen = 0;
  for (let i = 0; i < c.runs.length; i += 3) {
    const row = c.runs[i]! - window.row0;
    for (let col = c.runs[i + 1]!; col < c.runs[i + 2]!; col++) {
      const o = (row * window.width + col - window.col0) * nb;
      if (Number.isNaN(window.before[o]!) || Number.isNaN(window.after[o]!)) continue;
      let sp = 0;
      let sa = 0;
      for (let b = 0; b < nb; b++) {
        p[b] = window.before[o + b]!;
        raw[b] = window.after[o + b]!;
        a[b] = luts[b] ? evalLut(luts[b]!, raw[b]!) : raw[b]!;
        sp += p[b]!;
        sa += a[b]!;
      }
      counts[look(p, a, raw, nb)]!++;
      seen++;
      if (depth[(c.runs[i]! - r0) * bw + col - c0]! >= 2) {
        inner.n++;
        inner.after[0]! += sa / nb;
        inner.after[1]! += (sa / nb) ** 2;
        inner.before[0]! += sp / nb;
        inner.before[1]! += (sp / nb) ** 2;
      }
    }
  }
  if (seen === 0 || inner.n < 4) return null;
  // A cloud and its shadow often touch and make one area: it is obscured when most of it looks like either.
  const cloud = counts[1]! + counts[2]!;
  const shadow = counts[3]! + counts[4]!;
  if ((cloud + shadow) / seen < LOOK_SHARE) return null;
  const onAfter = counts[1]! + counts[3]! >= counts[2]! + counts[4]!;
  const [s, ss] = onAfter ? inner.after : inner.before;
  const mean = s! / inner.n;
  const softness = mean > 0 ? Math.sqrt(Math.max(0, ss! / inner.n - mean * mean)) / mean : 0;
  if (softness < SOFT_EDGE) return null;
  return { kind: cloud >= shadow ? "cloud" : "shadow", softness };
}

/** Largest window read at once to look at possible clouds. */
const GROUP_PIXELS = 1 << 18;

/**
 * The step of detection that sets clouds and shadows apart: the components
 * whose change fades from their middle (a cheap look at the magnitudes) are
 * read a group at a time — neighbours share one window of at most
 * GROUP_PIXELS — and classified. `readWindow` gives a window's before and
 * (resampled) after values, NaN where missing.
 */
export async function findObscured(args: {
  components: Component[];
  magnitudeAt: (col: number, row: number) => number;
  bands: number;
  luts: BandLut[];
  parallel: number;
  checkCancel: () => void;
  readWindow: (col0: number, row0: number, col1: number, row1: number) => Promise<{ before: Float32Array; after: Float32Array } | null>;
}): Promise<Map<Component, ObscuredKind>> {
  const kinds = new Map<Component, ObscuredKind>();
  const candidates = args.components
    .filter((c) => c.pixelCount >= MIN_OBSCURED_PIXELS && magnitudeSoftness(c, args.magnitudeAt) >= MAGNITUDE_SOFTNESS)
    .sort((a, b) => a.bbox[1] - b.bbox[1]);
  const groups: Component[][] = [];
  for (const c of candidates) {
    const g = groups.at(-1);
    if (g) {
      const c0 = Math.min(c.bbox[0], ...g.map((x) => x.bbox[0]));
      const c1 = Math.max(c.bbox[2], ...g.map((x) => x.bbox[2]));
      const r1 = Math.max(c.bbox[3], ...g.map((x) => x.bbox[3]));
      if ((c1 - c0) * (r1 - g[0]!.bbox[1]) <= GROUP_PIXELS) {
        g.push(c);
        continue;
      }
    }
    groups.push([c]);
  }
  const classifyGroup = async (g: Component[]) => {
    const c0 = Math.min(...g.map((x) => x.bbox[0]));
    const r0 = Math.min(...g.map((x) => x.bbox[1]));
    const c1 = Math.max(...g.map((x) => x.bbox[2]));
    const r1 = Math.max(...g.map((x) => x.bbox[3]));
    const px = await args.readWindow(c0, r0, c1, r1);
    if (!px) return;
    for (const c of g) {
      const found = classifyObscured(c, { before: px.before, after: px.after, bands: args.bands, col0: c0, row0: r0, width: c1 - c0 }, args.luts);
      if (found) kinds.set(c, found.kind);
    }
  };
  for (let i = 0; i < groups.length; i += args.parallel) {
    args.checkCancel();
    await Promise.all(groups.slice(i, i + args.parallel).map(classifyGroup));
  }
  return kinds;
}
