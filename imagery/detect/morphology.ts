// Binary morphology on a 0/1 byte mask with a 3×3 square, in place. The
// square is separable, so each operation is a horizontal then a vertical pass
// over rows kept in two small buffers. Neighbours outside the image are left
// out (not counted as 0 or 1), so opening does not eat shapes touching the
// edge; closing keeps the edge pixels as they were, so it does not grow shapes
// towards the edge either (what the same operations on an unbounded image give,
// short of bridging gaps that lie along the edge itself).

function pass(mask: Uint8Array, width: number, height: number, dilate: boolean): void {
  const row = new Uint8Array(width);
  for (let r = 0, o = 0; r < height; r++, o += width) {
    row.set(mask.subarray(o, o + width));
    if (width === 1) continue;
    if (dilate) {
      mask[o] = row[0]! | row[1]!;
      for (let c = 1; c < width - 1; c++) mask[o + c] = row[c - 1]! | row[c]! | row[c + 1]!;
      mask[o + width - 1] = row[width - 2]! | row[width - 1]!;
    } else {
      mask[o] = row[0]! & row[1]!;
      for (let c = 1; c < width - 1; c++) mask[o + c] = row[c - 1]! & row[c]! & row[c + 1]!;
      mask[o + width - 1] = row[width - 2]! & row[width - 1]!;
    }
  }
  if (height === 1) return;
  const prev = new Uint8Array(width);
  const cur = new Uint8Array(width);
  prev.set(mask.subarray(0, width));
  for (let r = 0, o = 0; r < height; r++, o += width) {
    cur.set(mask.subarray(o, o + width));
    const hasNext = r < height - 1;
    const hasPrev = r > 0;
    for (let c = 0; c < width; c++) {
      let v = cur[c]!;
      if (dilate) {
        if (hasPrev) v |= prev[c]!;
        if (hasNext) v |= mask[o + width + c]!;
      } else {
        if (hasPrev) v &= prev[c]!;
        if (hasNext) v &= mask[o + width + c]!;
      }
      mask[o + c] = v;
    }
    prev.set(cur);
  }
}

export function erode(mask: Uint8Array, width: number, height: number): void {
  pass(mask, width, height, false);
}

export function dilate(mask: Uint8Array, width: number, height: number): void {
  pass(mask, width, height, true);
}

/** Opening (erode, dilate): removes specks and lines narrower than 3 pixels. */
export function open3x3(mask: Uint8Array, width: number, height: number): void {
  erode(mask, width, height);
  dilate(mask, width, height);
}

/** Closing (dilate, erode): fills pinholes and one-pixel gaps. */
export function close3x3(mask: Uint8Array, width: number, height: number): void {
  const top = mask.slice(0, width);
  const bottom = mask.slice((height - 1) * width, height * width);
  const left = new Uint8Array(height);
  const right = new Uint8Array(height);
  for (let r = 0; r < height; r++) (left[r] = mask[r * width]!), (right[r] = mask[r * width + width - 1]!);
  dilate(mask, width, height);
  erode(mask, width, height);
  mask.set(top, 0);
  mask.set(bottom, (height - 1) * width);
  for (let r = 0; r < height; r++) (mask[r * width] = left[r]!), (mask[r * width + width - 1] = right[r]!);
}
