// Connected components of a bit mask (4-connected: pixels touching only at a
// corner are apart), found on runs (horizontal spans of set pixels) with
// union–find, so memory follows the number of runs, not the image size.
import type { BitMask } from "./bitmask";

export interface Component {
  /** Runs as [row, colStart, colEnd) triples, in row order. */
  runs: Int32Array;
  pixelCount: number;
  /** Sum of `weight[code]` over the component's pixels (see labelComponents). */
  weightSum: number;
  /** Bounding box in pixels: [col0, row0, col1, row1), exclusive ends. */
  bbox: [number, number, number, number];
}

class GrowableInt32 {
  data = new Int32Array(1024);
  length = 0;
  push3(a: number, b: number, c: number): void {
    if (this.length + 3 > this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = a;
    this.data[this.length++] = b;
    this.data[this.length++] = c;
  }
}

/**
 * Components of `mask`. `codes` and `weight` (optional) give each component
 * the sum of weight[codes[i]] over its pixels (i = row × width + column), e.g. magnitudes.
 */
export function labelComponents(mask: BitMask, codes?: Uint8Array, weight?: ArrayLike<number>): Component[] {
  const { width, height, wordsPerRow, words } = mask;
  const runs = new GrowableInt32();
  const parent: number[] = [];
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  let prevStart = 0; // index (in runs) of the previous row's first run
  let prevEnd = 0;
  const bit = (base: number, c: number) => (words[base + (c >>> 5)]! >>> (c & 31)) & 1;
  for (let r = 0; r < height; r++) {
    const base = r * wordsPerRow;
    const rowStart = runs.length / 3;
    let c = 0;
    while (c < width) {
      // Skip empty words whole.
      if ((c & 31) === 0 && words[base + (c >>> 5)] === 0) {
        c += 32;
        continue;
      }
      if (!bit(base, c)) {
        c++;
        continue;
      }
      const c0 = c;
      while (c < width && bit(base, c)) c++;
      const id = runs.length / 3;
      runs.push3(r, c0, c);
      parent.push(id);
      // Overlapping runs of the row above (sharing at least one column).
      for (let p = prevStart; p < prevEnd; p++) {
        const pc0 = runs.data[p * 3 + 1]!;
        const pc1 = runs.data[p * 3 + 2]!;
        if (pc0 >= c) break;
        if (pc1 > c0) union(id, p);
      }
    }
    prevStart = rowStart;
    prevEnd = runs.length / 3;
  }
  const count = runs.length / 3;
  const byRoot = new Map<number, number[]>();
  for (let i = 0; i < count; i++) {
    const root = find(i);
    let list = byRoot.get(root);
    if (!list) byRoot.set(root, (list = []));
    list.push(i);
  }
  const out: Component[] = [];
  for (const list of byRoot.values()) {
    const compRuns = new Int32Array(list.length * 3);
    let pixels = 0;
    let wsum = 0;
    let minC = Infinity;
    let minR = Infinity;
    let maxC = -Infinity;
    let maxR = -Infinity;
    list.forEach((runIndex, j) => {
      const r = runs.data[runIndex * 3]!;
      const c0 = runs.data[runIndex * 3 + 1]!;
      const c1 = runs.data[runIndex * 3 + 2]!;
      compRuns[j * 3] = r;
      compRuns[j * 3 + 1] = c0;
      compRuns[j * 3 + 2] = c1;
      pixels += c1 - c0;
      if (codes && weight) for (let c = c0, o = r * width; c < c1; c++) wsum += weight[codes[o + c]!]!;
      if (c0 < minC) minC = c0;
      if (c1 > maxC) maxC = c1;
      if (r < minR) minR = r;
      if (r + 1 > maxR) maxR = r + 1;
    });
    out.push({ runs: compRuns, pixelCount: pixels, weightSum: wsum, bbox: [minC, minR, maxC, maxR] });
  }
  return out;
}
