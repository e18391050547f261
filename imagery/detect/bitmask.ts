// The change mask, one bit a pixel (rows padded to 32-bit words): an 8192²
// area is 8 MiB, and the 3 × 3 morphology works on 32 pixels at a time.

export interface BitMask {
  width: number;
  height: number;
  wordsPerRow: number;
  words: Uint32Array;
}

export function createBitMask(width: number, height: number): BitMask {
  const wordsPerRow = Math.ceil(width / 32);
  return { width, height, wordsPerRow, words: new Uint32Array(wordsPerRow * height) };
}

export function getBit(m: BitMask, c: number, r: number): number {
  return (m.words[r * m.wordsPerRow + (c >>> 5)]! >>> (c & 31)) & 1;
}

export function setBit(m: BitMask, c: number, r: number, v: number): void {
  const i = r * m.wordsPerRow + (c >>> 5);
  if (v) m.words[i]! |= 1 << (c & 31);
  else m.words[i]! &= ~(1 << (c & 31));
}

/** The pixels whose code is at least `min` (codes: one byte a pixel, width × height). */
export function maskFromCodes(codes: Uint8Array, width: number, height: number, min: number): BitMask {
  const m = createBitMask(width, height);
  for (let r = 0; r < height; r++) {
    const o = r * width;
    const base = r * m.wordsPerRow;
    for (let c = 0; c < width; c++) if (codes[o + c]! >= min) m.words[base + (c >>> 5)]! |= 1 << (c & 31);
  }
  return m;
}

/** Clears the set pixels whose code is 0 (no usable data there). */
export function clearUnusable(m: BitMask, codes: Uint8Array): void {
  for (let r = 0; r < m.height; r++) {
    for (let wi = 0; wi < m.wordsPerRow; wi++) {
      const i = r * m.wordsPerRow + wi;
      let x = m.words[i]!;
      if (x === 0) continue;
      for (let b = 0; b < 32; b++) {
        if (((x >>> b) & 1) !== 0 && codes[r * m.width + wi * 32 + b] === 0) x &= ~(1 << b);
      }
      m.words[i] = x;
    }
  }
}

/** Padding bits past the last column: 1 for erosion (the outside is left out), 0 otherwise. */
function padRows(m: BitMask, value: number): void {
  const rest = m.width & 31;
  if (rest === 0) return;
  const padMask = ~((1 << rest) - 1) >>> 0;
  for (let r = 0; r < m.height; r++) {
    const i = r * m.wordsPerRow + m.wordsPerRow - 1;
    m.words[i] = value ? (m.words[i]! | padMask) >>> 0 : (m.words[i]! & ~padMask) >>> 0;
  }
}

function pass(m: BitMask, erode: boolean): void {
  const wpr = m.wordsPerRow;
  const outside = erode ? 1 : 0;
  padRows(m, outside);
  // Horizontal: each bit with its left and right neighbours.
  for (let r = 0; r < m.height; r++) {
    const base = r * wpr;
    let prev = outside ? 0xffffffff : 0; // the word left of the row
    for (let wi = 0; wi < wpr; wi++) {
      const x = m.words[base + wi]!;
      const next = wi + 1 < wpr ? m.words[base + wi + 1]! : outside ? 0xffffffff : 0;
      const left = (x << 1) | (prev >>> 31);
      const right = (x >>> 1) | (next << 31);
      m.words[base + wi] = (erode ? x & left & right : x | left | right) >>> 0;
      prev = x;
    }
  }
  // Vertical: each row with the rows above and below (outside rows left out).
  const above = new Uint32Array(wpr);
  const current = new Uint32Array(wpr);
  for (let r = 0; r < m.height; r++) {
    const base = r * wpr;
    current.set(m.words.subarray(base, base + wpr));
    for (let wi = 0; wi < wpr; wi++) {
      let v = current[wi]!;
      if (r > 0) v = erode ? v & above[wi]! : v | above[wi]!;
      if (r + 1 < m.height) v = erode ? v & m.words[base + wpr + wi]! : v | m.words[base + wpr + wi]!;
      m.words[base + wi] = v >>> 0;
    }
    above.set(current);
  }
  padRows(m, 0);
}

export function erodeBits(m: BitMask): void {
  pass(m, true);
}

export function dilateBits(m: BitMask): void {
  pass(m, false);
}

/** Opening (erode, dilate): removes specks and lines narrower than 3 pixels; shapes touching the edge are not eaten away. */
export function open3x3(m: BitMask): void {
  erodeBits(m);
  dilateBits(m);
}

/**
 * Closing (dilate, erode): fills pinholes and one-pixel gaps. The edge pixels
 * keep their values, so shapes do not grow towards the edge (as on an
 * unbounded image, short of bridging gaps along the edge itself).
 */
export function close3x3(m: BitMask): void {
  const wpr = m.wordsPerRow;
  const top = m.words.slice(0, wpr);
  const bottom = m.words.slice((m.height - 1) * wpr, m.height * wpr);
  const left = new Uint8Array(m.height);
  const right = new Uint8Array(m.height);
  for (let r = 0; r < m.height; r++) {
    left[r] = getBit(m, 0, r);
    right[r] = getBit(m, m.width - 1, r);
  }
  dilateBits(m);
  erodeBits(m);
  m.words.set(top, 0);
  m.words.set(bottom, (m.height - 1) * wpr);
  for (let r = 0; r < m.height; r++) {
    setBit(m, 0, r, left[r]!);
    setBit(m, m.width - 1, r, right[r]!);
  }
}
