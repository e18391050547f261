// Deflate blocks inflated by Node's zlib with a ceiling: no block may inflate
// past the size its image declares (tile or strip × samples × bytes). A
// "decompression bomb" (kilobytes that inflate to gigabytes) is refused before
// the memory is taken. Native zlib is also faster than geotiff.js's default,
// and its async API inflates on the libuv thread pool, so blocks decode in
// parallel while the main thread goes on.
import { inflate } from "node:zlib";
import { addDecoder, BaseDecoder } from "geotiff";

interface Params {
  tileWidth: number;
  tileHeight: number;
  bitsPerSample: number | number[];
  planarConfiguration: number;
  samplesPerPixel?: number;
}

export class DecompressionBombError extends Error {}

class BoundedDeflateDecoder extends BaseDecoder {
  decodeBlock(buffer: ArrayBuffer): Promise<ArrayBuffer> {
    const p = (this as unknown as { parameters: Params }).parameters;
    const bits = Array.isArray(p.bitsPerSample) ? p.bitsPerSample : [p.bitsPerSample];
    const bytesPerPixel = p.planarConfiguration === 2 ? Math.ceil(bits[0]! / 8) : Math.ceil(bits.reduce((a, b) => a + b, 0) / 8);
    const expected = p.tileWidth * p.tileHeight * bytesPerPixel;
    return new Promise((resolve, reject) => {
      inflate(new Uint8Array(buffer), { maxOutputLength: Math.max(1, expected) }, (e, out) => {
        if (!e) return resolve(out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer);
        if ((e as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE" || e instanceof RangeError) {
          return reject(new DecompressionBombError(`a compressed block inflates past the ${expected} bytes its image declares (decompression bomb)`));
        }
        reject(e);
      });
    });
  }
}

let registered = false;

/** Installs the bounded decoder for Deflate (8) and Adobe Deflate (32946). Idempotent. */
export function registerBoundedDeflate(): void {
  if (registered) return;
  addDecoder([8, 32946], async () => BoundedDeflateDecoder as never, undefined, false);
  registered = true;
}
