// Where the imagery engine reads a file's bytes from: a local file, or a
// remote object read by byte range (an S3 store). Readers ask for ranges; a
// remote source is wrapped in a block cache so that the many small reads of a
// GeoTIFF header and of neighbouring tiles cost one request per block.
import fs from "node:fs";

export interface ByteSource {
  /** For messages and cache keys: a path, or a name that says which object. */
  readonly name: string;
  size(): Promise<number>;
  /** Up to `length` bytes from `offset`; shorter only at the end of the file. The caller may keep and change them. */
  read(offset: number, length: number): Promise<Uint8Array>;
  /** Releases what it holds (a file descriptor); the source stays usable and reopens if read again. */
  close(): Promise<void>;
}

/** What engine entry points take: a local path (as before) or a source. */
export type SourceInput = string | ByteSource;

/** A local file, opened on first use. Plain fs calls on a descriptor, as geotiff.js's own file source: the promise API's FileHandle is slower per read. */
export function fileSource(file: string): ByteSource {
  let fd: Promise<number> | null = null;
  let size: Promise<number> | null = null;
  const open = () => (fd ??= new Promise<number>((resolve, reject) => fs.open(file, "r", (e, d) => (e ? reject(e) : resolve(d)))));
  return {
    name: file,
    size: () => (size ??= open().then((d) => new Promise<number>((resolve, reject) => fs.fstat(d, (e, st) => (e ? reject(e) : resolve(st.size)))))),
    async read(offset, length) {
      const d = await open();
      const buf = new Uint8Array(length);
      const bytesRead = await new Promise<number>((resolve, reject) => fs.read(d, buf, 0, length, offset, (e, n) => (e ? reject(e) : resolve(n))));
      return bytesRead === length ? buf : buf.subarray(0, bytesRead);
    },
    async close() {
      const d = await fd?.catch(() => null);
      fd = null;
      size = null;
      if (d !== null && d !== undefined) await new Promise<void>((resolve) => fs.close(d, () => resolve()));
    },
  };
}

export function toSource(input: SourceInput): ByteSource {
  return typeof input === "string" ? fileSource(input) : input;
}

/** Whether the engine opened `input` itself (and so must close it). */
export function ownsSource(input: SourceInput): boolean {
  return typeof input === "string";
}

/** A source seen as the part of a FileHandle that readers of raw blocks use. */
export interface PositionalReader {
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  close(): Promise<void>;
}

export function positionalReader(source: ByteSource): PositionalReader {
  return {
    async read(buffer, offset, length, position) {
      const bytes = await source.read(position, length);
      buffer.set(bytes, offset);
      return { bytesRead: bytes.byteLength };
    },
    close: () => source.close(),
  };
}

// --- block cache -------------------------------------------------------------

export const BLOCK_SIZE = 256 * 1024;
/** Blocks fetched ahead of a reader going through a file in order (a conversion, a detection): up to 4 MiB, so it seldom waits for a round trip. */
export const READAHEAD_BLOCKS = 16;

/** One cache per process, bounded in bytes, least recently used out first. */
class BlockCache {
  private readonly map = new Map<string, { data: Promise<Uint8Array>; bytes: number }>();
  private total = 0;
  /** Blocks fetched from the inner source (not served from the cache): tests and benchmarks look at it. */
  fetched = 0;

  constructor(public maxBytes: number) {}

  has(key: string): boolean {
    return this.map.has(key);
  }

  get(key: string): Promise<Uint8Array> | undefined {
    const hit = this.map.get(key);
    if (!hit) return undefined;
    this.map.delete(key);
    this.map.set(key, hit);
    return hit.data;
  }

  /** The block, fetched once however many readers ask for it at the same time. */
  load(key: string, fetch: () => Promise<Uint8Array>): Promise<Uint8Array> {
    const hit = this.get(key);
    if (hit) return hit;
    this.fetched++;
    const entry = { data: fetch(), bytes: BLOCK_SIZE };
    this.map.set(key, entry);
    this.total += entry.bytes;
    entry.data.then(
      (b) => {
        // Counted at its real size once known (the last block of a file is short).
        if (this.map.get(key) === entry) {
          this.total += b.byteLength - entry.bytes;
          entry.bytes = b.byteLength;
        }
      },
      () => {
        if (this.map.get(key) === entry) this.delete(key);
      },
    );
    this.evict();
    return entry.data;
  }

  delete(key: string): void {
    const e = this.map.get(key);
    if (!e) return;
    this.total -= e.bytes;
    this.map.delete(key);
  }

  private evict(): void {
    while (this.total > this.maxBytes && this.map.size > 1) this.delete(this.map.keys().next().value!);
  }

  get bytes(): number {
    return this.total;
  }

  clear(): void {
    this.map.clear();
    this.total = 0;
  }
}

export const blockCache = new BlockCache(Number(process.env.SITEWATCH_BLOCK_CACHE_MB ?? 256) * 1024 * 1024);

/**
 * `inner` read in fixed blocks kept in the process's block cache under `key`
 * (content-addressed objects never change, so their sha256 is a safe key).
 */
export function cachedSource(inner: ByteSource, key: string = inner.name): ByteSource {
  let size: Promise<number> | null = null;
  const total = () => (size ??= inner.size());
  const keyOf = (i: number) => `${key}\u0000${i}`;
  /**
   * Blocks i0..i1 (those of them not yet cached), each consecutive run of
   * missing blocks fetched in one request: fewer round trips for a reader that
   * wants many blocks at once, or for the read-ahead.
   */
  const blocks = (i0: number, i1: number, n: number): Promise<Uint8Array>[] => {
    const out: Promise<Uint8Array>[] = [];
    let i = i0;
    while (i <= i1) {
      if (blockCache.has(keyOf(i))) {
        out.push(blockCache.get(keyOf(i))!);
        i++;
        continue;
      }
      let j = i;
      while (j + 1 <= i1 && !blockCache.has(keyOf(j + 1))) j++;
      const start = i * BLOCK_SIZE;
      let run: Promise<Uint8Array> | null = null;
      const fetchRun = () => (run ??= inner.read(start, Math.max(0, Math.min((j - i + 1) * BLOCK_SIZE, n - start))));
      for (let k = i; k <= j; k++) {
        const from = (k - i) * BLOCK_SIZE;
        out.push(blockCache.load(keyOf(k), () => fetchRun().then((b) => b.slice(from, from + BLOCK_SIZE))));
      }
      i = j + 1;
    }
    return out;
  };
  /** The block after the last one read: a read starting there is going through the file in order. */
  let next = -1;
  return {
    name: inner.name,
    size: total,
    async read(offset, length) {
      const n = await total();
      const end = Math.min(offset + length, n);
      if (end <= offset) return new Uint8Array(0);
      const first = Math.floor(offset / BLOCK_SIZE);
      const last = Math.floor((end - 1) / BLOCK_SIZE);
      const pending = blocks(first, last, n);
      // Only when the reader has just moved on into the next block (tile rendering, which jumps about, fetches nothing it
      // does not ask for), and only once half the blocks ahead are used up, so the read-ahead goes in requests of several blocks.
      const lastBlock = Math.ceil(n / BLOCK_SIZE) - 1;
      const horizon = Math.min(lastBlock, last + READAHEAD_BLOCKS / 2);
      if (first === next && horizon > last && !blockCache.has(keyOf(horizon))) {
        for (const p of blocks(last + 1, Math.min(lastBlock, last + READAHEAD_BLOCKS), n)) p.catch(() => undefined);
      }
      next = last + 1;
      const got = await Promise.all(pending);
      // A copy, always: readers may decode in place, and the cached block must stay as read.
      if (got.length === 1) return got[0]!.slice(offset - first * BLOCK_SIZE, end - first * BLOCK_SIZE);
      const out = new Uint8Array(end - offset);
      for (let k = 0; k < got.length; k++) {
        const base = (first + k) * BLOCK_SIZE;
        const from = Math.max(offset, base) - base;
        const to = Math.min(end, base + BLOCK_SIZE) - base;
        out.set(got[k]!.subarray(from, to), base + from - offset);
      }
      return out;
    },
    close: () => inner.close(),
  };
}
