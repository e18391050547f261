// A walk over a TIFF's chain of image file directories (IFDs) before any
// decoder sees the file: every IFD must lie inside the file, the chain must
// not loop, and it must not be absurdly long. Reads a few bytes per IFD.
import { ImageryError } from "./imagery-error";
import { ownsSource, toSource, type SourceInput } from "./source/byte-source";

export const MAX_IFDS = 1000;

export interface TiffStructure {
  littleEndian: boolean;
  bigTiff: boolean;
  ifdCount: number;
  /** Byte offset of the first IFD (a COG has it right after the header). */
  firstIfdOffset: number;
}

export async function checkTiffStructure(input: SourceInput): Promise<TiffStructure> {
  const source = toSource(input);
  try {
    const size = await source.size();
    const read = async (offset: number, length: number): Promise<Buffer> => {
      const bytes = await source.read(offset, length);
      const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      if (buf.length < length) throw new ImageryError("unreadable", `the file is truncated: a TIFF directory at byte ${offset} runs past the end (${size} bytes)`);
      return buf;
    };
    if (size < 8) throw new ImageryError("unreadable", size === 0 ? "the file is empty" : "not a TIFF file (too short for a TIFF header)");
    const header = await read(0, 16 <= size ? 16 : 8);
    const order = header.toString("latin1", 0, 2);
    if (order !== "II" && order !== "MM") throw new ImageryError("unreadable", "not a TIFF file (no II/MM byte-order mark)");
    const le = order === "II";
    const u16 = (b: Buffer, o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
    const u32 = (b: Buffer, o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
    const u64 = (b: Buffer, o: number) => Number(le ? b.readBigUInt64LE(o) : b.readBigUInt64BE(o));
    const magic = u16(header, 2);
    if (magic !== 42 && magic !== 43) throw new ImageryError("unreadable", `not a TIFF file (version ${magic})`);
    const bigTiff = magic === 43;
    if (bigTiff && size < 16) throw new ImageryError("unreadable", "the file is truncated inside its BigTIFF header");
    const first = bigTiff ? u64(header, 8) : u32(header, 4);
    const seen = new Set<number>();
    let offset = first;
    while (offset !== 0) {
      if (seen.has(offset)) throw new ImageryError("unreadable", `the TIFF's directory chain loops back to byte ${offset}`);
      if (seen.size >= MAX_IFDS) throw new ImageryError("unreadable", `the TIFF has more than ${MAX_IFDS} directories`);
      if (offset < 8 || offset >= size)
        throw new ImageryError("unreadable", `the file is truncated or corrupt: a TIFF directory is said to start at byte ${offset}, past the end (${size} bytes)`);
      seen.add(offset);
      const countSize = bigTiff ? 8 : 2;
      const entrySize = bigTiff ? 20 : 12;
      const count = bigTiff ? u64(await read(offset, 8), 0) : u16(await read(offset, 2), 0);
      if (count === 0 || count > 4096) throw new ImageryError("unreadable", `a TIFF directory at byte ${offset} claims ${count} entries`);
      const nextAt = offset + countSize + count * entrySize;
      const next = await read(nextAt, bigTiff ? 8 : 4);
      offset = bigTiff ? u64(next, 0) : u32(next, 0);
    }
    return { littleEndian: le, bigTiff, ifdCount: seen.size, firstIfdOffset: first };
  } finally {
    if (ownsSource(input)) await source.close();
  }
}
