// Each stage of change detection on small arrays whose answers are known by hand.
import { describe, expect, it } from "vitest";
import { rasteriseRings } from "./aoi-raster";
import { computeBand, type BandTask } from "./band-compute";
import { labelComponents } from "./components";
import { close3x3, createBitMask, getBit, open3x3, setBit, type BitMask } from "./bitmask";
import { evalLut, fitNormalisation } from "./normalise";
import { chooseThreshold, noiseFloor, otsuBin, quantiser } from "./threshold";
import { detouchRing, ringsCross, signedArea, simplifyRing, traceComponent } from "./trace";

/** A mask from rows of "#" (set) and "." (clear). */
function mask(rows: string[]): { m: BitMask; w: number; h: number } {
  const w = rows[0]!.length;
  const m = createBitMask(w, rows.length);
  rows.forEach((r, y) => [...r].forEach((ch, x) => setBit(m, x, y, ch === "#" ? 1 : 0)));
  return { m, w, h: rows.length };
}
function show(m: BitMask): string[] {
  const out: string[] = [];
  for (let r = 0; r < m.height; r++) out.push(Array.from({ length: m.width }, (_, c) => (getBit(m, c, r) ? "#" : ".")).join(""));
  return out;
}
/** The same mask as bytes, to check the bit version against a plain one. */
function bytes(m: BitMask): Uint8Array {
  return Uint8Array.from({ length: m.width * m.height }, (_, i) => getBit(m, i % m.width, Math.floor(i / m.width)));
}
/** Plain 3 × 3 erosion or dilation of a byte mask, neighbours outside left out. */
function plain(a: Uint8Array, w: number, h: number, erode: boolean): Uint8Array {
  const out = new Uint8Array(a.length);
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      let v = erode ? 1 : 0;
      for (let dr = -1; dr <= 1; dr++)
        for (let dc = -1; dc <= 1; dc++) {
          const rr = r + dr, cc = c + dc; // prettier-ignore
          if (rr < 0 || cc < 0 || rr >= h || cc >= w) continue;
          v = erode ? v & a[rr * w + cc]! : v | a[rr * w + cc]!;
        }
      out[r * w + c] = v;
    }
  }
  return out;
}

describe("threshold", () => {
  it("Otsu splits two clear modes between them", () => {
    const hist = new Float64Array(256);
    for (let i = 20; i <= 40; i++) hist[i] = 1000;
    for (let i = 180; i <= 200; i++) hist[i] = 50;
    const bin = otsuBin(hist);
    expect(bin).toBeGreaterThan(40);
    expect(bin).toBeLessThanOrEqual(180);
  });

  it("the noise floor sits above pure noise, so a pair without change gets a threshold no noise pixel reaches", () => {
    const q = quantiser(441);
    const hist = new Float64Array(256);
    // Magnitudes of 3-band Gaussian noise (σ = 3): a chi distribution with 3 degrees of freedom.
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
    let max = 0;
    for (let i = 0; i < 200_000; i++) {
      const m = Math.hypot(3 * gauss(), 3 * gauss(), 3 * gauss());
      max = Math.max(max, m);
      hist[q.encode(m)]!++;
    }
    const floor = noiseFloor(hist, q.decode);
    expect(floor).toBeGreaterThan(max * 0.9);
    const choice = chooseThreshold(hist, q, 0.5);
    expect(choice.threshold).toBe(Math.max(choice.otsu, choice.noiseFloor));
  });

  it("sensitivity moves the threshold: 0 doubles it, 1 halves it, 0.5 leaves it; outside 0..1 is refused", () => {
    const q = quantiser(441);
    const hist = new Float64Array(256);
    for (let i = 20; i <= 40; i++) hist[i] = 1000;
    for (let i = 180; i <= 200; i++) hist[i] = 50;
    const mid = chooseThreshold(hist, q, 0.5).threshold;
    expect(chooseThreshold(hist, q, 0).threshold).toBeCloseTo(mid * 2, 6);
    expect(chooseThreshold(hist, q, 1).threshold).toBeCloseTo(mid / 2, 6);
    expect(chooseThreshold(hist, q, 0.75).threshold).toBeLessThan(mid);
    expect(() => chooseThreshold(hist, q, 1.5)).toThrow(/between 0 and 1/);
    // A minimum (grey levels) wins over a lower automatic choice.
    expect(chooseThreshold(hist, q, 0.5, 1000).threshold).toBe(1000);
  });

  it("the byte code of a magnitude decodes back within 3 %", () => {
    const q = quantiser(441);
    for (const m of [1, 3, 10, 57, 200, 441]) expect(Math.abs(q.decode(q.encode(m)) - m) / m).toBeLessThan(0.03);
    expect(q.encode(1e9)).toBe(255);
  });
});

describe("morphology", () => {
  it("opening removes specks and one-pixel lines, keeps a 3×3 block whole", () => {
    const { m } = mask(["#.......", "........", "..###...", "..###..#", "..###..#", "........", "########", "........"]);
    open3x3(m);
    expect(show(m)).toEqual(["........", "........", "..###...", "..###...", "..###...", "........", "........", "........"]);
  });

  it("closing fills a pinhole and a one-pixel gap", () => {
    const { m } = mask([".......", ".#####.", ".##.##.", ".#####.", ".......", ".###.##", "......."]);
    close3x3(m);
    expect(show(m).slice(1, 4)).toEqual([".#####.", ".#####.", ".#####."]);
    expect(show(m)[5]).toBe(".######");
  });

  it("works 32 pixels at a time and gives what a plain pixel-by-pixel opening gives, across word boundaries", () => {
    let seed = 11;
    const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (const w of [31, 32, 33, 70, 97]) {
      const h = 9;
      const m = createBitMask(w, h);
      for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) setBit(m, c, r, rand() < 0.7 ? 1 : 0);
      const expected = plain(plain(bytes(m), w, h, true), w, h, false);
      open3x3(m);
      expect(bytes(m)).toEqual(expected);
    }
  });

  it("a shape touching the image edge is not eaten away", () => {
    const { m } = mask(["###..", "###..", "###.."]);
    open3x3(m);
    expect(show(m)).toEqual(["###..", "###..", "###.."]);
  });
});

describe("components", () => {
  it("labels 4-connected components: corner contact does not join, a U shape is one", () => {
    const { m } = mask(["##..#.", "##...#", "......", "#.#...", "#.#...", "###..."]);
    const comps = labelComponents(m).sort((a, b) => a.bbox[1] - b.bbox[1] || a.bbox[0] - b.bbox[0]);
    expect(comps.map((c) => c.pixelCount)).toEqual([4, 1, 1, 7]);
    expect(comps[3]!.bbox).toEqual([0, 3, 3, 6]);
  });

  it("sums a weight per component through the codes", () => {
    const { m } = mask(["##.", "..."]);
    const codes = Uint8Array.from([2, 4, 9, 0, 0, 0]);
    const weight = Array.from({ length: 256 }, (_, i) => i * 10);
    const [c] = labelComponents(m, codes, weight);
    expect(c!.weightSum).toBe(60);
  });
});

describe("tracing", () => {
  it("traces a square ring as an outer ring and one hole, clockwise and anticlockwise on screen", () => {
    const { m } = mask(["#####", "#####", "##.##", "#####", "#####"]);
    const [c] = labelComponents(m);
    const t = traceComponent(c!);
    expect(t.outer).toEqual([
      [0, 0],
      [5, 0],
      [5, 5],
      [0, 5],
      [0, 0],
    ]);
    expect(t.holes).toHaveLength(1);
    expect(Math.abs(signedArea(t.holes[0]!))).toBe(1);
    expect(Math.sign(signedArea(t.holes[0]!))).toBe(-Math.sign(signedArea(t.outer)));
    // Outer area minus holes is the pixel count.
    expect(Math.abs(signedArea(t.outer)) - Math.abs(signedArea(t.holes[0]!))).toBe(c!.pixelCount);
  });

  it("traces an L shape with its six corners", () => {
    const { m } = mask(["#..", "#..", "###"]);
    const t = traceComponent(labelComponents(m)[0]!);
    expect(t.outer).toHaveLength(7);
    expect(Math.abs(signedArea(t.outer))).toBe(5);
  });

  it("keeps pixels meeting at a corner inside one component as one closed ring (the enclosed gap opens to the outside)", () => {
    // The two arms meet only at a corner (row 1): the background there is 8-connected to the outside.
    const { m } = mask(["###.", "#..#", "#.##", "####"]);
    const comps = labelComponents(m);
    expect(comps).toHaveLength(1);
    const t = traceComponent(comps[0]!);
    expect(Math.abs(signedArea(t.outer)) - t.holes.reduce((s, r) => s + Math.abs(signedArea(r)), 0)).toBe(comps[0]!.pixelCount);
  });

  it("moves a vertex the ring visits twice apart, so the ring is simple (no crossing or touching) and keeps its area", () => {
    const { m } = mask(["###.", "#..#", "#.##", "####"]);
    const t = traceComponent(labelComponents(m)[0]!);
    expect(ringsCross([t.outer])).toBe(true); // touches itself where two pixels meet at a corner
    const fixed = detouchRing(t.outer);
    expect(ringsCross([fixed])).toBe(false);
    // Each visit cuts a sliver of about an eighth of a pixel.
    expect(Math.abs(Math.abs(signedArea(fixed)) - Math.abs(signedArea(t.outer)))).toBeLessThan(0.2);
    // A ring without such a vertex is left as it is.
    const square: [number, number][] = [
      [0, 0],
      [2, 0],
      [2, 2],
      [0, 2],
      [0, 0],
    ];
    expect(detouchRing(square)).toBe(square);
    expect(ringsCross([square])).toBe(false);
    // A hole crossing its outline is caught.
    expect(
      ringsCross([
        square,
        [
          [1, 1],
          [3, 1],
          [3, 3],
          [1, 3],
          [1, 1],
        ],
      ]),
    ).toBe(true);
  });

  it("after moving touching vertices apart, random masks give simple rings whose areas still add up", () => {
    let seed = 5;
    const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let trial = 0; trial < 30; trial++) {
      const m = createBitMask(40, 12);
      for (let i = 0; i < 480; i++) setBit(m, i % 40, Math.floor(i / 40), rand() < 0.6 ? 1 : 0);
      for (const c of labelComponents(m)) {
        const t = traceComponent(c);
        const rings = [t.outer, ...t.holes].map((r) => detouchRing(r));
        expect(ringsCross(rings)).toBe(false);
        const area = Math.abs(signedArea(rings[0]!)) - rings.slice(1).reduce((s, r) => s + Math.abs(signedArea(r)), 0);
        const touching = [t.outer, ...t.holes].reduce((n, r) => n + (r.length - 1 - new Set(r.slice(0, -1).map((p) => p.join())).size), 0);
        // Moving a vertex 0.05 px changes the area by at most 0.05 px × its two edges.
        const longest = Math.max(...[t.outer, ...t.holes].flatMap((r) => r.slice(1).map((p, i) => Math.hypot(p[0] - r[i]![0], p[1] - r[i]![1]))));
        expect(Math.abs(area - c.pixelCount)).toBeLessThanOrEqual(touching * 0.1 * longest + 1e-9);
      }
    }
  });

  it("areas of outer minus holes equal pixel counts on random masks", () => {
    let seed = 3;
    const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let trial = 0; trial < 30; trial++) {
      const w = 45;
      const h = 10;
      const m = createBitMask(w, h);
      for (let i = 0; i < w * h; i++) setBit(m, i % w, Math.floor(i / w), rand() < 0.55 ? 1 : 0);
      for (const c of labelComponents(m)) {
        const t = traceComponent(c);
        const holes = t.holes.reduce((s, r) => s + Math.abs(signedArea(r)), 0);
        expect(Math.abs(signedArea(t.outer)) - holes).toBe(c.pixelCount);
      }
    }
  });

  it("simplification takes a staircase to a straight edge within a pixel and leaves a rectangle alone", () => {
    const stairs: [number, number][] = [[0, 0]];
    for (let i = 1; i <= 10; i++) stairs.push([i, i - 1], [i, i]);
    stairs.push([0, 10], [0, 0]);
    const s = simplifyRing(stairs, 1);
    expect(s.length).toBeLessThanOrEqual(5);
    const rect: [number, number][] = [
      [0, 0],
      [4, 0],
      [4, 3],
      [0, 3],
      [0, 0],
    ];
    expect(simplifyRing(rect, 1)).toEqual(rect);
  });
});

describe("normalisation", () => {
  it("the robust fit recovers gain and offset although a tenth of the pixels changed", () => {
    const n = 5000;
    const before = new Float32Array(n);
    const after = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      before[i] = 40 + ((i * 37) % 150);
      after[i] = (before[i]! - 10) / 1.2; // after' = 1.2 · after + 10 brings it back
      if (i % 10 === 0) after[i] = 250; // changed
    }
    const robust = fitNormalisation("robust-linear", before, after, 1);
    expect(robust.gains![0]).toBeCloseTo(1.2, 2);
    expect(robust.offsets![0]).toBeCloseTo(10, 0);
    const global = fitNormalisation("global-linear", before, after, 1);
    expect(Math.abs(global.gains![0]! - 1.2)).toBeGreaterThan(0.05);
    expect(evalLut(robust.bands[0]!, 100)).toBeCloseTo(130, 0);
  });

  it("histogram matching maps after's quantiles onto before's", () => {
    const before = Float32Array.from({ length: 1000 }, (_, i) => i / 10);
    const after = Float32Array.from({ length: 1000 }, (_, i) => 50 + i / 20);
    const h = fitNormalisation("histogram", before, after, 1);
    expect(evalLut(h.bands[0]!, 75)).toBeCloseTo(50, 0);
  });
});

describe("area of interest and per-pixel magnitude", () => {
  it("rasterises a polygon with a hole at pixel centres", () => {
    const outer: [number, number][] = [
      [1, 1],
      [7, 1],
      [7, 7],
      [1, 7],
      [1, 1],
    ];
    const hole: [number, number][] = [
      [3, 3],
      [5, 3],
      [5, 5],
      [3, 5],
      [3, 3],
    ];
    const m = rasteriseRings([outer, hole], 0, 0, 8, 8);
    const rows = Array.from({ length: 8 }, (_, r) => [...m.subarray(r * 8, r * 8 + 8)].map((v) => (v ? "#" : ".")).join(""));
    expect(rows).toEqual(["........", ".######.", ".######.", ".##..##.", ".##..##.", ".######.", ".######.", "........"]);
  });

  function task(over: Partial<BandTask>): BandTask {
    return {
      mode: "magnitude", width: 2, height: 1, bands: 2, sampleIndex: [0, 1], beforeSamples: 2, afterSamples: 2,
      before: Uint8Array.from([10, 10, 10, 10]), beforeStride: 2, beforeCol0: 0, beforeNodata: null,
      after: Uint8Array.from([13, 14, 10, 10]), afterWidth: 2, afterHeight: 1, afterNodata: null,
      nodes: null, nodeStep: 16, nodeCols: 0, offset: { dx: 0, dy: 0 }, aoi: null, beforeRange: null, afterRange: null,
      luts: [{ x0: 0, step: 1, values: [0, 1] }, { x0: 0, step: 1, values: [0, 1] }], k: 32, sampleStep: 1, ...over,
    }; // prettier-ignore
  }

  it("measures the change vector's length (3-4-5) and leaves unusable pixels at 0", () => {
    const r = computeBand(task({}));
    expect(r.codes![0]).toBe(1 + Math.round(32 * Math.log2(1 + 5)));
    expect(r.codes![1]).toBe(1);
    const nodata = computeBand(task({ afterNodata: 13 }));
    expect(nodata.codes![0]).toBe(0);
    const outside = computeBand(task({ aoi: Uint8Array.from([1, 0]) }));
    expect(outside.codes![1]).toBe(0);
    // Normalisation first: after' = after − 3 (band 1) and − 4 (band 2) is no change.
    const normalised = computeBand(
      task({
        luts: [
          { x0: 0, step: 1, values: [-3, -2] },
          { x0: 0, step: 1, values: [-4, -3] },
        ],
      }),
    );
    expect(normalised.codes![0]).toBe(1);
  });

  it("counts a saturated value only by how far it must at least have changed", () => {
    const range: [number, number] = [0, 255];
    // Both at the ceiling: no change seen. Before at the ceiling, after darker: the full difference.
    const both = computeBand(
      task({
        bands: 1,
        sampleIndex: [0],
        beforeSamples: 1,
        afterSamples: 1,
        width: 2,
        before: Uint8Array.from([255, 255]),
        after: Uint8Array.from([255, 200]),
        beforeRange: range,
        afterRange: range,
        luts: [{ x0: 0, step: 1, values: [-20, -19] }],
      }),
    );
    expect(both.codes![0]).toBe(1);
    // Large magnitudes are coded through a table in steps under 1 % of the magnitude: within one code.
    expect(Math.abs(both.codes![1]! - (1 + Math.round(32 * Math.log2(1 + 75))))).toBeLessThanOrEqual(1);
    // After clipped at the ceiling and normalised to 235: a before of 240 may be the same.
    const clipped = computeBand(
      task({
        bands: 1,
        sampleIndex: [0],
        beforeSamples: 1,
        afterSamples: 1,
        width: 2,
        before: Uint8Array.from([240, 200]),
        after: Uint8Array.from([255, 255]),
        beforeRange: range,
        afterRange: range,
        luts: [{ x0: 0, step: 1, values: [-20, -19] }],
      }),
    );
    expect(clipped.codes![0]).toBe(1);
    expect(Math.abs(clipped.codes![1]! - (1 + Math.round(32 * Math.log2(1 + 35))))).toBeLessThanOrEqual(1);
  });

  it("samples the after scene bilinearly between pixel centres", () => {
    // The before pixel's centre falls halfway between two after pixels (10 and 20): 15.
    const r = computeBand(
      task({
        width: 1,
        bands: 1,
        sampleIndex: [0],
        beforeSamples: 1,
        afterSamples: 1,
        before: Uint8Array.from([15]),
        after: Uint8Array.from([10, 20]),
        offset: null,
        nodes: Float64Array.from([1, 0.5, 1, 0.5, 1, 0.5, 1, 0.5]),
        nodeCols: 2,
        luts: [{ x0: 0, step: 1, values: [0, 1] }],
        mode: "pairs",
      }),
    );
    expect(r.pairsAfter![0]).toBeCloseTo(15, 6);
  });
});
