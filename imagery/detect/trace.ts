// Outlines of a 4-connected component as rings along pixel edges, holes kept,
// in pixel-corner coordinates (x right, y down). Each boundary edge is walked
// with the component on its right; where two pixels of the component meet
// only at a corner the walk turns right, staying with the pixel it is on, so
// the background is 8-connected there (the dual of 4-connected pixels) and
// every ring is closed and simple apart from touching itself at such corners.
// Then Douglas–Peucker simplification of about a pixel takes off the stairs.

import type { Component } from "./components";

export type Ring = [number, number][];

export interface TracedPolygon {
  outer: Ring;
  holes: Ring[];
}

// Directions: 0 east, 1 south, 2 west, 3 north (clockwise on screen).
const DX = [1, 0, -1, 0];
const DY = [0, 1, 0, -1];

/** Rings of one component: one outer ring (clockwise on screen) and its holes (anticlockwise). */
export function traceComponent(component: Component): TracedPolygon {
  const [bx0, by0, bx1, by1] = component.bbox;
  // A local bitmap with a one-pixel empty border.
  const w = bx1 - bx0 + 2;
  const h = by1 - by0 + 2;
  const bits = new Uint8Array(w * h);
  const runs = component.runs;
  for (let i = 0; i < runs.length; i += 3) {
    const r = runs[i]! - by0 + 1;
    bits.fill(1, r * w + runs[i + 1]! - bx0 + 1, r * w + runs[i + 2]! - bx0 + 1);
  }
  // Vertices are pixel corners: (w + 1) × (h + 1). Each has at most two outgoing edges.
  const vw = w + 1;
  const out1 = new Int8Array(vw * (h + 1)).fill(-1);
  const out2 = new Int8Array(vw * (h + 1)).fill(-1);
  let edges = 0;
  const add = (vx: number, vy: number, dir: number) => {
    const v = vy * vw + vx;
    if (out1[v] === -1) out1[v] = dir;
    else out2[v] = dir;
    edges++;
  };
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      if (!bits[y * w + x]) continue;
      if (!bits[(y - 1) * w + x]) add(x, y, 0); // top edge, heading east
      if (!bits[y * w + x + 1]) add(x + 1, y, 1); // right edge, heading south
      if (!bits[(y + 1) * w + x]) add(x + 1, y + 1, 2); // bottom edge, heading west
      if (!bits[y * w + x - 1]) add(x, y + 1, 3); // left edge, heading north
    }
  }
  const rings: Ring[] = [];
  const take = (v: number, preferred: number[]): number => {
    for (const d of preferred) {
      if (out1[v] === d) {
        out1[v] = out2[v]!;
        out2[v] = -1;
        return d;
      }
      if (out2[v] === d) {
        out2[v] = -1;
        return d;
      }
    }
    return -1;
  };
  for (let vy = 0; vy <= h && edges > 0; vy++) {
    for (let vx = 0; vx <= w && edges > 0; vx++) {
      const startV = vy * vw + vx;
      while (out1[startV] !== -1) {
        const ring: Ring = [[vx + bx0 - 1, vy + by0 - 1]];
        const startDir = take(startV, [out1[startV]!]);
        edges--;
        let x = vx;
        let y = vy;
        let dir = startDir;
        for (;;) {
          x += DX[dir]!;
          y += DY[dir]!;
          const v = y * vw + x;
          // Right turn first, then straight, then left.
          const prefs = [(dir + 1) % 4, dir, (dir + 3) % 4];
          if (v === startV) {
            // Back at the start: closed, unless the walk goes on along the start's other edge.
            const wouldTake = prefs.find((d) => d === startDir || out1[v] === d || out2[v] === d);
            if (wouldTake === undefined || wouldTake === startDir) break;
          }
          const next = take(v, prefs);
          if (next === -1) throw new Error("component outline does not close");
          edges--;
          if (next !== dir) ring.push([x + bx0 - 1, y + by0 - 1]);
          dir = next;
        }
        ring.push([ring[0]![0], ring[0]![1]]);
        rings.push(ring);
      }
    }
  }
  // The outer ring is the one enclosing the most area; the rest are holes.
  let outerIndex = 0;
  let best = -Infinity;
  rings.forEach((r, i) => {
    const a = Math.abs(signedArea(r));
    if (a > best) {
      best = a;
      outerIndex = i;
    }
  });
  return { outer: rings[outerIndex]!, holes: rings.filter((_, i) => i !== outerIndex) };
}

/** Shoelace area of a closed ring (positive when anticlockwise with y up, i.e. clockwise on screen). */
export function signedArea(ring: Ring): number {
  let a = 0;
  for (let i = 0; i + 1 < ring.length; i++) a += ring[i]![0] * ring[i + 1]![1] - ring[i + 1]![0] * ring[i]![1];
  return a / 2;
}

function perpendicular(p: [number, number], a: [number, number], b: [number, number]): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len = Math.hypot(dx, dy);
  if (len === 0) return Math.hypot(p[0] - a[0], p[1] - a[1]);
  return Math.abs(dy * p[0] - dx * p[1] + b[0] * a[1] - b[1] * a[0]) / len;
}

function douglasPeucker(points: [number, number][], tolerance: number, keep: Uint8Array, first: number, last: number): void {
  const stack: [number, number][] = [[first, last]];
  while (stack.length) {
    const [i0, i1] = stack.pop()!;
    let maxD = -1;
    let index = -1;
    for (let i = i0 + 1; i < i1; i++) {
      const d = perpendicular(points[i]!, points[i0]!, points[i1]!);
      if (d > maxD) {
        maxD = d;
        index = i;
      }
    }
    if (index !== -1 && maxD > tolerance) {
      keep[index] = 1;
      stack.push([i0, index], [index, i1]);
    }
  }
}

/**
 * A closed ring simplified with Douglas–Peucker (`tolerance` in the ring's units),
 * anchored at its first point and the point farthest from it. A ring that would
 * fall below four points (a triangle) is returned as it was.
 */
export function simplifyRing(ring: Ring, tolerance: number): Ring {
  const n = ring.length - 1; // without the closing point
  if (n <= 4) return ring;
  let far = 0;
  let farD = -1;
  for (let i = 1; i < n; i++) {
    const d = Math.hypot(ring[i]![0] - ring[0]![0], ring[i]![1] - ring[0]![1]);
    if (d > farD) {
      farD = d;
      far = i;
    }
  }
  const keep = new Uint8Array(n + 1);
  keep[0] = keep[far] = keep[n] = 1;
  douglasPeucker(ring, tolerance, keep, 0, far);
  douglasPeucker(ring, tolerance, keep, far, n);
  const out: Ring = [];
  for (let i = 0; i <= n; i++) if (keep[i]) out.push(ring[i]!);
  if (out.length < 4 || Math.abs(signedArea(out)) === 0) return ring;
  return out;
}

/**
 * Moves each vertex a ring visits twice (where two pixels meet at a corner) a
 * little (`eps`, in pixels) towards the pixel it turns around, so the ring no
 * longer touches itself: a simple ring, as GeoJSON consumers and Sitewatch's
 * own drawing rules expect, with an area that changes by about eps².
 */
export function detouchRing(ring: Ring, eps = 0.05): Ring {
  const n = ring.length - 1;
  const seen = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const key = `${ring[i]![0]},${ring[i]![1]}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  if ([...seen.values()].every((c) => c === 1)) return ring;
  const out: Ring = ring.slice(0, n).map((p, i) => {
    if (seen.get(`${p[0]},${p[1]}`) === 1) return p;
    const prev = ring[(i - 1 + n) % n]!;
    const next = ring[(i + 1) % n]!;
    const inX = Math.sign(p[0] - prev[0]);
    const inY = Math.sign(p[1] - prev[1]);
    const outX = Math.sign(next[0] - p[0]);
    const outY = Math.sign(next[1] - p[1]);
    return [p[0] + eps * (outX - inX), p[1] + eps * (outY - inY)];
  });
  out.push([out[0]![0], out[0]![1]]);
  return out;
}

function segmentsCross(a: [number, number], b: [number, number], c: [number, number], d: [number, number]): boolean {
  const orient = (p: [number, number], q: [number, number], r: [number, number]) => Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]));
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  if (o1 !== o2 && o3 !== o4 && o1 !== 0 && o2 !== 0 && o3 !== 0 && o4 !== 0) return true;
  // Touching or overlapping (collinear) counts too: the rings must stay apart.
  const on = (p: [number, number], q: [number, number], r: [number, number]) =>
    Math.min(p[0], q[0]) <= r[0] && r[0] <= Math.max(p[0], q[0]) && Math.min(p[1], q[1]) <= r[1] && r[1] <= Math.max(p[1], q[1]);
  return (o1 === 0 && on(a, b, c)) || (o2 === 0 && on(a, b, d)) || (o3 === 0 && on(c, d, a)) || (o4 === 0 && on(c, d, b));
}

/**
 * Whether any two edges of the rings (all of a polygon's rings together) cross
 * or touch, apart from neighbouring edges of one ring meeting at their vertex.
 * Quadratic: null when there are more than `maxEdges` edges (not checked).
 */
export function ringsCross(rings: Ring[], maxEdges = 4000): boolean | null {
  const edges: { a: [number, number]; b: [number, number]; ring: number; i: number; n: number }[] = [];
  rings.forEach((r, ring) => {
    for (let i = 0; i + 1 < r.length; i++) edges.push({ a: r[i]!, b: r[i + 1]!, ring, i, n: r.length - 1 });
  });
  if (edges.length > maxEdges) return null;
  for (let x = 0; x < edges.length; x++) {
    const e = edges[x]!;
    for (let y = x + 1; y < edges.length; y++) {
      const f = edges[y]!;
      if (e.ring === f.ring && (f.i === e.i + 1 || (e.i === 0 && f.i === e.n - 1))) continue; // neighbours share a vertex
      if (Math.max(e.a[0], e.b[0]) < Math.min(f.a[0], f.b[0]) || Math.max(f.a[0], f.b[0]) < Math.min(e.a[0], e.b[0])) continue;
      if (Math.max(e.a[1], e.b[1]) < Math.min(f.a[1], f.b[1]) || Math.max(f.a[1], f.b[1]) < Math.min(e.a[1], e.b[1])) continue;
      if (segmentsCross(e.a, e.b, f.a, f.b)) return true;
    }
  }
  return false;
}
