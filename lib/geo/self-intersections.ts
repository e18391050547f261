// Where a polygon's edges cross, in O(n log n + k): the edges are sorted along
// one axis and each is compared only with the edges whose extent overlaps its
// own on both axes (k such pairs; a real outline's edges are short, so k stays
// near n). Until this, Turf's kinks compared every edge with every other: a
// 20,000-corner outline took 43 s on the request thread. Where nearly every box
// meets every other (a spiky star whose edges all pass by its centre) k is
// still O(n²), but cheap pairs: the corner limits (geometry-limits.ts) bound it
// (`npm run bench:geometry` measures that case).
//
// Exactly as strict as kinks (the property test in self-intersections.test.ts
// compares the two on thousands of random polygons): the same pairs of edges
// are skipped (neighbours on a ring, the closing pair), the same floating-point
// crossing test runs on every pair whose boxes overlap, and the points come out
// in kinks' order with kinks' arithmetic. Pure: it runs in the browser while
// drawing too.
import type { Position } from "geojson";

/** [lon, lat] in degrees, EPSG:4326. */
type LonLat = [number, number];

/**
 * Boxes are widened by this many degrees (about 0.1 mm) before they are
 * compared: kinks' test can report a touch a rounding error away from a box,
 * and such a pair must still be tested.
 */
const BOX_PAD_DEG = 1e-9;

/**
 * Turf kinks' crossing test (v7.4), unchanged: the point where edge 1 meets
 * edge 2, ends included, or null (parallel and collinear edges never cross).
 */
function crossingPoint(x1: number, y1: number, x2: number, y2: number, x3: number, y3: number, x4: number, y4: number): LonLat | null {
  const denominator = (y4 - y3) * (x2 - x1) - (x4 - x3) * (y2 - y1);
  if (denominator === 0) return null;
  const dy = y1 - y3;
  const dx = x1 - x3;
  const a = ((x4 - x3) * dy - (y4 - y3) * dx) / denominator;
  const b = ((x2 - x1) * dy - (y2 - y1) * dx) / denominator;
  if (a >= 0 && a <= 1 && b >= 0 && b <= 1) return [x1 + a * (x2 - x1), y1 + a * (y2 - y1)];
  return null;
}

/** One crossing as kinks reports it: ring and edge of its first and second edge (kinks' visiting order), and the point. */
interface Crossing {
  ring1: number;
  ring2: number;
  edge1: number;
  edge2: number;
  at: LonLat;
}

function kinksOrder(p: Crossing, q: Crossing): number {
  return p.ring1 - q.ring1 || p.ring2 - q.ring2 || p.edge1 - q.edge1 || p.edge2 - q.edge2;
}

/** The edges of some rings, flat: ring and edge number, and the two ends. */
interface Edges {
  n: number;
  ringOf: Uint32Array;
  edgeOf: Uint32Array;
  x1: Float64Array;
  y1: Float64Array;
  x2: Float64Array;
  y2: Float64Array;
}

function edgesOf(rings: Position[][]): Edges {
  let n = 0;
  for (const ring of rings) n += Math.max(0, ring.length - 1);
  const edges: Edges = {
    n,
    ringOf: new Uint32Array(n),
    edgeOf: new Uint32Array(n),
    x1: new Float64Array(n),
    y1: new Float64Array(n),
    x2: new Float64Array(n),
    y2: new Float64Array(n),
  };
  let e = 0;
  for (const [r, ring] of rings.entries()) {
    for (let i = 0; i < ring.length - 1; i++, e++) {
      edges.ringOf[e] = r;
      edges.edgeOf[e] = i;
      edges.x1[e] = ring[i]![0]!;
      edges.y1[e] = ring[i]![1]!;
      edges.x2[e] = ring[i + 1]![0]!;
      edges.y2[e] = ring[i + 1]![1]!;
    }
  }
  return edges;
}

/**
 * Calls `visit` once for every pair of edges (f, g) whose boxes, widened by
 * BOX_PAD_DEG, overlap; stops when it returns true. Edges are swept along the
 * axis where they are shortest relative to the whole (a comb of long horizontal
 * teeth is swept top to bottom, not left to right), each compared only with
 * those that start before it ends.
 */
function sweepOverlappingPairs({ x1, y1, x2, y2, n }: Edges, visit: (f: number, g: number) => boolean | void): void {
  let sumX = 0;
  let sumY = 0;
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let k = 0; k < n; k++) {
    sumX += Math.abs(x2[k]! - x1[k]!);
    sumY += Math.abs(y2[k]! - y1[k]!);
    minX = Math.min(minX, x1[k]!, x2[k]!);
    maxX = Math.max(maxX, x1[k]!, x2[k]!);
    minY = Math.min(minY, y1[k]!, y2[k]!);
    maxY = Math.max(maxY, y1[k]!, y2[k]!);
  }
  const alongX = sumX * (maxY - minY) <= sumY * (maxX - minX);
  const [u1, u2, v1, v2] = alongX ? [x1, x2, y1, y2] : [y1, y2, x1, x2];
  const lo = new Float64Array(n);
  const hi = new Float64Array(n);
  const vLo = new Float64Array(n);
  const vHi = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    lo[k] = Math.min(u1[k]!, u2[k]!) - BOX_PAD_DEG;
    hi[k] = Math.max(u1[k]!, u2[k]!) + BOX_PAD_DEG;
    vLo[k] = Math.min(v1[k]!, v2[k]!) - BOX_PAD_DEG;
    vHi[k] = Math.max(v1[k]!, v2[k]!) + BOX_PAD_DEG;
  }
  const order = new Uint32Array(n);
  for (let k = 0; k < n; k++) order[k] = k;
  order.sort((a, b) => lo[a]! - lo[b]!);
  // The boxes again in sweep order, so the inner loop reads memory in sequence.
  const sLo = new Float64Array(n);
  const sHi = new Float64Array(n);
  const sVLo = new Float64Array(n);
  const sVHi = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    const k = order[p]!;
    sLo[p] = lo[k]!;
    sHi[p] = hi[k]!;
    sVLo[p] = vLo[k]!;
    sVHi[p] = vHi[k]!;
  }
  for (let p = 0; p < n; p++) {
    const end = sHi[p]!;
    const top = sVHi[p]!;
    const bottom = sVLo[p]!;
    for (let q = p + 1; q < n; q++) {
      if (sLo[q]! > end) break;
      if (sVLo[q]! > top || bottom > sVHi[q]!) continue;
      if (visit(order[p]!, order[q]!)) return;
    }
  }
}

/**
 * Every point where the edges of one polygon's rings (outline and holes) cross
 * or touch, in the order Turf's kinks gives them, repeats included. Rings are
 * arrays of [lon, lat] positions, closed.
 */
export function findRingCrossings(rings: Position[][]): LonLat[] {
  const edges = edgesOf(rings);
  const { ringOf, edgeOf, x1, y1, x2, y2 } = edges;
  const found: Crossing[] = [];
  const test = (f: number, g: number) => {
    const at = crossingPoint(x1[f]!, y1[f]!, x2[f]!, y2[f]!, x1[g]!, y1[g]!, x2[g]!, y2[g]!);
    if (at) found.push({ ring1: ringOf[f]!, ring2: ringOf[g]!, edge1: edgeOf[f]!, edge2: edgeOf[g]!, at });
  };
  sweepOverlappingPairs(edges, (f0, g0) => {
    // Name the pair as kinks visits it: rings in order, then edges.
    // (No array to swap them: this runs for every pair whose boxes meet.)
    const keep = ringOf[f0]! < ringOf[g0]! || (ringOf[f0] === ringOf[g0] && edgeOf[f0]! < edgeOf[g0]!);
    const f = keep ? f0 : g0;
    const g = keep ? g0 : f0;
    const i = edgeOf[f]!;
    const k = edgeOf[g]!;
    if (ringOf[f] === ringOf[g]) {
      const ring = rings[ringOf[f]!]!;
      const last = ring.length - 1;
      // kinks skips neighbouring edges, and the first and last edges of a closed ring.
      if (k - i === 1) return;
      if (i === 0 && k === last - 1 && ring[0]![0] === ring[last]![0] && ring[0]![1] === ring[last]![1]) return;
      test(f, g);
    } else {
      // Between two rings kinks visits edge i of the first with edges k ≥ i of the second, then the other
      // way round: a pair with i = k is tested (and reported) twice.
      if (k >= i) test(f, g);
      if (i >= k) test(g, f);
    }
  });
  return found.sort(kinksOrder).map((c) => c.at);
}

/**
 * Whether any edge of rings `a` crosses or touches any edge of rings `b` (the
 * same test, ends included). O((n + m) log(n + m) + k) like findRingCrossings.
 */
export function ringsMeet({ a, b }: { a: Position[][]; b: Position[][] }): boolean {
  const edges = edgesOf([...a, ...b]);
  const { ringOf, x1, y1, x2, y2 } = edges;
  let met = false;
  sweepOverlappingPairs(edges, (f, g) => {
    if (ringOf[f]! < a.length === ringOf[g]! < a.length) return false;
    met = crossingPoint(x1[f]!, y1[f]!, x2[f]!, y2[f]!, x1[g]!, y1[g]!, x2[g]!, y2[g]!) !== null;
    return met;
  });
  return met;
}
