// A tile's bytes before deflate: the TIFF predictor GDAL's PREDICTOR=YES picks
// (2, horizontal differencing, for integers; 3, floating point, for floats).
//
// `predictTile` runs inside the tile workers, whose source is built from its
// text (tile-pool.ts): it must not refer to anything outside its own body.

/** Numeric typed arrays the engine handles. */
export type SampleArray = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;

export function predictorFor(array: SampleArray): 2 | 3 {
  return array instanceof Float32Array || array instanceof Float64Array ? 3 : 2;
}

/**
 * Applies the predictor to a full tile (size² pixels × samples, pixel-interleaved)
 * and returns the bytes to compress. Integer tiles are changed in place.
 */
export function predictTile(tile: SampleArray, size: number, samples: number): Uint8Array {
  const rowLength = size * samples;
  if (!(tile instanceof Float32Array || tile instanceof Float64Array)) {
    // Horizontal differencing, one pixel (all its samples) back.
    for (let r = 0; r < size; r++) {
      const start = r * rowLength;
      for (let i = start + rowLength - 1; i >= start + samples; i--) tile[i] = tile[i]! - tile[i - samples]!;
    }
    return new Uint8Array(tile.buffer, tile.byteOffset, tile.byteLength);
  }
  // Floating point (Adobe Technical Note 3): each row's bytes as planes, most
  // significant byte first, then byte differencing one pixel back.
  const bps = tile.BYTES_PER_ELEMENT;
  const src = new Uint8Array(tile.buffer, tile.byteOffset, tile.byteLength);
  const out = new Uint8Array(tile.byteLength);
  const rowBytes = rowLength * bps;
  for (let r = 0; r < size; r++) {
    const base = r * rowBytes;
    for (let i = 0; i < rowLength; i++) {
      for (let b = 0; b < bps; b++) out[base + (bps - b - 1) * rowLength + i] = src[base + bps * i + b]!;
    }
    for (let i = base + rowBytes - 1; i >= base + samples; i--) out[i] = (out[i]! - out[i - samples]!) & 0xff;
  }
  return out;
}
