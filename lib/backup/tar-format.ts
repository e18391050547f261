// The 512-byte headers of a POSIX ustar archive (IEEE 1003.1-1988), the format
// of a Sitewatch backup: any `tar` reads it, so in an emergency a person can
// unpack one by hand. Only what a backup needs: regular files with short names.
// Sizes of 8 GiB and more use the GNU base-256 encoding, which GNU tar, bsdtar
// and busybox read. No I/O here: create-backup and restore-backup stream the
// bytes.

export const BLOCK = 512;

/** Two zero blocks end an archive. */
export const END_OF_ARCHIVE = Buffer.alloc(2 * BLOCK);

export interface TarEntry {
  /** Relative path, at most 100 bytes (no prefix field: backup names are short). */
  name: string;
  size: number;
  /** Seconds since 1970. */
  mtimeS: number;
}

/** Bytes of zero padding after `size` bytes of data. */
export function paddingOf(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

function writeOctal(block: Buffer, value: number, offset: number, length: number): void {
  // length - 1 octal digits, then NUL.
  block.write(value.toString(8).padStart(length - 1, "0"), offset, length - 1, "ascii");
}

function writeSize(block: Buffer, size: number): void {
  if (size < 8 ** 11) return writeOctal(block, size, 124, 12);
  // GNU base-256: the first byte's high bit set, the number big-endian in the rest.
  block[124] = 0x80;
  let rest = size;
  for (let i = 135; i > 124; i--) {
    block[i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
}

function checksumOf(block: Buffer): number {
  let sum = 0;
  // The checksum field itself counts as eight spaces.
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]!;
  return sum;
}

export function encodeHeader(entry: TarEntry): Buffer {
  const name = Buffer.from(entry.name, "utf8");
  if (name.length > 100) throw new Error(`tar entry name longer than 100 bytes: ${entry.name}`);
  if (!Number.isSafeInteger(entry.size) || entry.size < 0) throw new Error(`bad tar entry size ${entry.size}`);
  const block = Buffer.alloc(BLOCK);
  name.copy(block, 0);
  writeOctal(block, 0o644, 100, 8);
  writeOctal(block, 0, 108, 8);
  writeOctal(block, 0, 116, 8);
  writeSize(block, entry.size);
  writeOctal(block, Math.max(0, Math.floor(entry.mtimeS)), 136, 12);
  block[156] = 0x30; // "0": a regular file
  block.write("ustar\u000000", 257, 8, "ascii");
  const sum = checksumOf(block);
  block.write(`${sum.toString(8).padStart(6, "0")}\u0000 `, 148, 8, "ascii");
  return block;
}

export type DecodedHeader = { kind: "end" } | { kind: "file"; entry: TarEntry } | { kind: "bad"; why: string };

function readString(block: Buffer, offset: number, length: number): string {
  const raw = block.subarray(offset, offset + length);
  const nul = raw.indexOf(0);
  return raw.subarray(0, nul === -1 ? length : nul).toString("utf8");
}

function readNumber(block: Buffer, offset: number, length: number): number | null {
  if (block[offset]! & 0x80) {
    let value = 0;
    for (let i = offset + 1; i < offset + length; i++) value = value * 256 + block[i]!;
    return Number.isSafeInteger(value) ? value : null;
  }
  const text = readString(block, offset, length).trim();
  return /^[0-7]+$/.test(text) ? parseInt(text, 8) : null;
}

/**
 * One header block: the end of the archive (a zero block), a regular file, or
 * why it is not one. Links, directories, devices and extended headers are
 * refused: a backup holds none, and refusing them means a hostile archive
 * cannot make restore write outside its staging directory.
 */
export function decodeHeader(block: Buffer): DecodedHeader {
  if (block.length !== BLOCK) return { kind: "bad", why: "ends inside a header" };
  if (block.every((b) => b === 0)) return { kind: "end" };
  const stored = readNumber(block, 148, 8);
  if (stored === null || stored !== checksumOf(block)) return { kind: "bad", why: "a header's checksum does not match" };
  if (readString(block, 257, 6) !== "ustar") return { kind: "bad", why: "not a ustar archive" };
  const type = block[156];
  if (type !== 0x30 && type !== 0) return { kind: "bad", why: `holds an entry that is not a regular file (type "${String.fromCharCode(type!)}")` };
  const size = readNumber(block, 124, 12);
  if (size === null) return { kind: "bad", why: "a header's size is unreadable" };
  const prefix = readString(block, 345, 155);
  const name = readString(block, 0, 100);
  return { kind: "file", entry: { name: prefix ? `${prefix}/${name}` : name, size, mtimeS: readNumber(block, 136, 12) ?? 0 } };
}
