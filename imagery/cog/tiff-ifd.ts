// Encoding TIFF image file directories (IFDs), classic or BigTIFF, little-endian.
// Pure: given tags and the byte offset where the IFD will sit, returns the bytes
// of the IFD followed by the values that do not fit inside their entries.

export const TAG = {
  NewSubfileType: 254,
  ImageWidth: 256,
  ImageLength: 257,
  BitsPerSample: 258,
  Compression: 259,
  Photometric: 262,
  SamplesPerPixel: 277,
  PlanarConfiguration: 284,
  Predictor: 317,
  ColorMap: 320,
  TileWidth: 322,
  TileLength: 323,
  TileOffsets: 324,
  TileByteCounts: 325,
  ExtraSamples: 338,
  SampleFormat: 339,
  ModelPixelScale: 33550,
  ModelTiepoint: 33922,
  ModelTransformation: 34264,
  GeoKeyDirectory: 34735,
  GeoDoubleParams: 34736,
  GeoAsciiParams: 34737,
  GdalMetadata: 42112,
  GdalNoData: 42113,
} as const;

/** TIFF field types used here, with their byte sizes. */
export const TYPE = { ASCII: 2, SHORT: 3, LONG: 4, DOUBLE: 12, LONG8: 16 } as const;
type FieldType = (typeof TYPE)[keyof typeof TYPE];
const TYPE_SIZE: Record<FieldType, number> = { 2: 1, 3: 2, 4: 4, 12: 8, 16: 8 };

export interface TiffField {
  tag: number;
  type: FieldType;
  /** Numbers for numeric types; a string (NUL added here) for ASCII. */
  values: ArrayLike<number> | string;
}

export interface IfdLayout {
  bigTiff: boolean;
}

function fieldCount(f: TiffField): number {
  return typeof f.values === "string" ? Buffer.byteLength(f.values, "latin1") + 1 : f.values.length;
}

function fieldBytes(f: TiffField): number {
  return fieldCount(f) * TYPE_SIZE[f.type];
}

/** Size in bytes of an IFD with these fields, its out-of-line values included (each value block word-aligned). */
export function ifdByteSize(fields: TiffField[], { bigTiff }: IfdLayout): number {
  const entrySize = bigTiff ? 20 : 12;
  const inline = bigTiff ? 8 : 4;
  let size = (bigTiff ? 8 : 2) + fields.length * entrySize + (bigTiff ? 8 : 4);
  for (const f of fields) {
    const n = fieldBytes(f);
    if (n > inline) size += n + (n % 2);
  }
  return size;
}

function writeValues(buf: Buffer, at: number, f: TiffField): void {
  if (typeof f.values === "string") {
    buf.write(f.values, at, "latin1");
    buf[at + Buffer.byteLength(f.values, "latin1")] = 0;
    return;
  }
  const size = TYPE_SIZE[f.type];
  for (let i = 0; i < f.values.length; i++) {
    const v = f.values[i]!;
    const o = at + i * size;
    if (f.type === TYPE.SHORT) buf.writeUInt16LE(v, o);
    else if (f.type === TYPE.LONG) buf.writeUInt32LE(v, o);
    else if (f.type === TYPE.DOUBLE) buf.writeDoubleLE(v, o);
    else buf.writeBigUInt64LE(BigInt(v), o);
  }
}

/**
 * Encodes an IFD placed at `offset`, whose next-IFD pointer is `nextIfd` (0 for the last).
 * Fields are sorted by tag as TIFF requires.
 */
export function encodeIfd(fields: TiffField[], offset: number, nextIfd: number, { bigTiff }: IfdLayout): Buffer {
  const sorted = [...fields].sort((a, b) => a.tag - b.tag);
  const size = ifdByteSize(sorted, { bigTiff });
  const buf = Buffer.alloc(size);
  const entrySize = bigTiff ? 20 : 12;
  const inline = bigTiff ? 8 : 4;
  let p = 0;
  if (bigTiff) {
    buf.writeBigUInt64LE(BigInt(sorted.length), 0);
    p = 8;
  } else {
    buf.writeUInt16LE(sorted.length, 0);
    p = 2;
  }
  const entriesEnd = p + sorted.length * entrySize;
  if (bigTiff) buf.writeBigUInt64LE(BigInt(nextIfd), entriesEnd);
  else buf.writeUInt32LE(nextIfd, entriesEnd);
  let extra = entriesEnd + (bigTiff ? 8 : 4);
  for (const f of sorted) {
    const count = fieldCount(f);
    const bytes = fieldBytes(f);
    buf.writeUInt16LE(f.tag, p);
    buf.writeUInt16LE(f.type, p + 2);
    if (bigTiff) buf.writeBigUInt64LE(BigInt(count), p + 4);
    else buf.writeUInt32LE(count, p + 4);
    const valueAt = p + (bigTiff ? 12 : 8);
    if (bytes <= inline) {
      writeValues(buf, valueAt, f);
    } else {
      if (bigTiff) buf.writeBigUInt64LE(BigInt(offset + extra), valueAt);
      else buf.writeUInt32LE(offset + extra, valueAt);
      writeValues(buf, extra, f);
      extra += bytes + (bytes % 2);
    }
    p += entrySize;
  }
  return buf;
}

/** The 8- or 16-byte TIFF header pointing at the first IFD. */
export function encodeHeader(firstIfd: number, { bigTiff }: IfdLayout): Buffer {
  if (!bigTiff) {
    const b = Buffer.alloc(8);
    b.write("II", 0, "latin1");
    b.writeUInt16LE(42, 2);
    b.writeUInt32LE(firstIfd, 4);
    return b;
  }
  const b = Buffer.alloc(16);
  b.write("II", 0, "latin1");
  b.writeUInt16LE(43, 2);
  b.writeUInt16LE(8, 4);
  b.writeUInt16LE(0, 6);
  b.writeBigUInt64LE(BigInt(firstIfd), 8);
  return b;
}

/**
 * GDAL's "ghost" structural metadata right after the header: it tells GDAL
 * (and its COG validator) that the IFDs come before the data, blocks are in
 * row-major order, and each block carries a 4-byte size leader and repeats its
 * last 4 bytes as a trailer. With it, `gdalinfo` reports LAYOUT=COG.
 */
export function encodeGhostArea(): Buffer {
  const body =
    "LAYOUT=IFDS_BEFORE_DATA\n" + "BLOCK_ORDER=ROW_MAJOR\n" + "BLOCK_LEADER=SIZE_AS_UINT4\n" + "BLOCK_TRAILER=LAST_4_BYTES_REPEATED\n" + "KNOWN_INCOMPATIBLE_EDITION=NO\n" + " ";
  const head = `GDAL_STRUCTURAL_METADATA_SIZE=${String(body.length).padStart(6, "0")} bytes\n`;
  return Buffer.from(head + body, "latin1");
}
