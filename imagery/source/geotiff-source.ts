// geotiff.js reading through a ByteSource: its BaseSource contract (fetch of
// slices, each an ArrayBuffer of exactly the length asked, zero-padded past
// the end of the file as its own file source does).
import { GeoTIFF } from "geotiff";
import type { ByteSource } from "./byte-source";

interface Slice {
  offset: number;
  length: number;
}

function exactBuffer(data: Uint8Array, length: number): ArrayBuffer {
  if (data.byteOffset === 0 && data.byteLength === length && data.buffer.byteLength === length && data.buffer instanceof ArrayBuffer) return data.buffer;
  const out = new Uint8Array(length);
  out.set(data.subarray(0, Math.min(length, data.byteLength)));
  return out.buffer;
}

/** A GeoTIFF over `source`; closing it closes the source. */
export function geotiffFromSource(source: ByteSource, signal?: AbortSignal): Promise<GeoTIFF> {
  const fetchSlice = async (slice: Slice) => ({ ...slice, data: exactBuffer(await source.read(slice.offset, slice.length), slice.length) });
  const adapter = {
    fetch: (slices: Slice[]) => Promise.all(slices.map(async (s) => (await fetchSlice(s)).data)),
    fetchSlice,
    get fileSize() {
      return null;
    },
    close: () => source.close(),
  };
  return GeoTIFF.fromSource(adapter as never, undefined, signal);
}
