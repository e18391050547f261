// Streaming a ustar archive to and from a file, a buffer of 1 MiB at a time:
// never a whole scene in memory. Every byte is hashed on its way through, so
// a backup knows each file's sha256 (and the archive's) as it writes it, and a
// restore checks each one as it reads it.
import { createHash, type Hash } from "node:crypto";
import type { FileHandle } from "node:fs/promises";
import { BLOCK, decodeHeader, encodeHeader, END_OF_ARCHIVE, paddingOf, type DecodedHeader, type TarEntry } from "./tar-format";

const CHUNK = 1024 * 1024;

/** A source ended before the size its header announced: the file changed or the archive is cut short. */
export class ShortReadError extends Error {}

export class TarWriter {
  private readonly archiveHash = createHash("sha256");
  private readonly buffer = Buffer.allocUnsafe(CHUNK);
  bytesWritten = 0;

  constructor(private readonly out: FileHandle) {}

  private async write(bytes: Buffer): Promise<void> {
    this.archiveHash.update(bytes);
    let done = 0;
    while (done < bytes.length) done += (await this.out.write(bytes, done, bytes.length - done, null)).bytesWritten;
    this.bytesWritten += bytes.length;
  }

  async addBuffer({ entry, data }: { entry: Omit<TarEntry, "size">; data: Buffer }): Promise<void> {
    await this.write(encodeHeader({ ...entry, size: data.length }));
    await this.write(data);
    await this.write(Buffer.alloc(paddingOf(data.length)));
  }

  /** Copies exactly `size` bytes of `source` into the archive; resolves with their sha256. */
  async addFile({ entry, source, onBytes }: { entry: TarEntry; source: FileHandle; onBytes?: (n: number) => void }): Promise<string> {
    await this.write(encodeHeader(entry));
    const hash = createHash("sha256");
    let left = entry.size;
    let position = 0;
    while (left > 0) {
      const { bytesRead } = await source.read(this.buffer, 0, Math.min(CHUNK, left), position);
      if (bytesRead === 0) throw new ShortReadError(`${entry.name} is shorter than its ${entry.size} bytes`);
      const chunk = this.buffer.subarray(0, bytesRead);
      hash.update(chunk);
      await this.write(chunk);
      left -= bytesRead;
      position += bytesRead;
      onBytes?.(bytesRead);
    }
    await this.write(Buffer.alloc(paddingOf(entry.size)));
    return hash.digest("hex");
  }

  /** Writes the end-of-archive blocks; resolves with the whole archive's sha256. */
  async finish(): Promise<string> {
    await this.write(END_OF_ARCHIVE);
    return this.archiveHash.digest("hex");
  }
}

export class TarReader {
  private position = 0;
  private readonly buffer = Buffer.allocUnsafe(CHUNK);

  constructor(private readonly input: FileHandle) {}

  /** Offset of the next byte to read (for messages). */
  get offset(): number {
    return this.position;
  }

  private async readExactly(target: Buffer): Promise<number> {
    let got = 0;
    while (got < target.length) {
      const { bytesRead } = await this.input.read(target, got, target.length - got, this.position + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    this.position += got;
    return got;
  }

  /** The next header; at the end of the file without end blocks, "bad". */
  async next(): Promise<DecodedHeader> {
    const block = Buffer.alloc(BLOCK);
    const got = await this.readExactly(block);
    if (got === 0) return { kind: "bad", why: "ends without the end-of-archive blocks (cut short?)" };
    return decodeHeader(got === BLOCK ? block : block.subarray(0, got));
  }

  /** The data of an entry, whole (for the manifest only: bounded by the caller). */
  async readBuffer(size: number): Promise<Buffer> {
    const data = Buffer.alloc(size);
    if ((await this.readExactly(data)) !== size) throw new ShortReadError("ends inside an entry (cut short?)");
    await this.skipPadding(size);
    return data;
  }

  /** Streams an entry's `size` bytes into `out` (or nowhere), hashing them; resolves with their sha256. */
  async copyTo({ size, out, onBytes }: { size: number; out: FileHandle | null; onBytes?: (n: number) => void }): Promise<string> {
    const hash: Hash = createHash("sha256");
    let left = size;
    while (left > 0) {
      const chunk = this.buffer.subarray(0, Math.min(CHUNK, left));
      const got = await this.readExactly(chunk);
      if (got === 0) throw new ShortReadError("ends inside an entry (cut short?)");
      const data = chunk.subarray(0, got);
      hash.update(data);
      if (out) {
        let done = 0;
        while (done < got) done += (await out.write(data, done, got - done, null)).bytesWritten;
      }
      left -= got;
      onBytes?.(got);
    }
    await this.skipPadding(size);
    return hash.digest("hex");
  }

  private async skipPadding(size: number): Promise<void> {
    const pad = paddingOf(size);
    if (pad && (await this.readExactly(Buffer.alloc(pad))) !== pad) throw new ShortReadError("ends inside an entry's padding (cut short?)");
  }
}
