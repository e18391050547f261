// An area of interest as a pixel mask: a pixel is in when its centre is
// inside (even–odd over all rings, so holes stay out), scanline by scanline.

export type PixelRing = [number, number][];

/**
 * The mask of rows row0..row1 and columns col0..col1 (exclusive ends) for
 * polygons given as rings in the grid's pixel coordinates (x = column, y = row,
 * pixel (c, r) covering [c, c+1] × [r, r+1]).
 */
export function rasteriseRings(rings: PixelRing[], col0: number, row0: number, col1: number, row1: number): Uint8Array {
  return rasteriseRingsCounted(rings, col0, row0, col1, row1).mask;
}

/** The same mask and how many pixels it sets. */
export function rasteriseRingsCounted(rings: PixelRing[], col0: number, row0: number, col1: number, row1: number): { mask: Uint8Array; count: number } {
  const w = col1 - col0;
  const mask = new Uint8Array(w * (row1 - row0));
  let count = 0;
  const xs: number[] = [];
  for (let r = row0; r < row1; r++) {
    const y = r + 0.5;
    xs.length = 0;
    for (const ring of rings) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const [x0, y0] = ring[i]!;
        const [x1, y1] = ring[i + 1]!;
        if (y0 <= y === y1 <= y) continue;
        xs.push(x0 + ((y - y0) / (y1 - y0)) * (x1 - x0));
      }
    }
    xs.sort((a, b) => a - b);
    const o = (r - row0) * w;
    for (let i = 0; i + 1 < xs.length; i += 2) {
      // Columns whose centre c + 0.5 lies in [xs[i], xs[i+1]).
      const from = Math.max(col0, Math.ceil(xs[i]! - 0.5));
      const to = Math.min(col1, Math.ceil(xs[i + 1]! - 0.5));
      if (to > from) {
        mask.fill(1, o + from - col0, o + to - col0);
        count += to - from;
      }
    }
  }
  return { mask, count };
}
