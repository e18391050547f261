// The byte sources the imagery engine reads through: a file read by range,
// and the block cache in front of remote objects (right bytes across block
// edges and at the end, one fetch per block however many readers ask at once,
// bounded in bytes).
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BLOCK_SIZE, blockCache, cachedSource, fileSource, type ByteSource } from "./byte-source";

let dir: string;
let file: string;
let bytes: Buffer;
const SIZE = 3 * BLOCK_SIZE + 12_345;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "byte-source-"));
  file = path.join(dir, "data.bin");
  bytes = randomBytes(SIZE);
  fs.writeFileSync(file, bytes);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
beforeEach(() => blockCache.clear());

/** The file source, counting the reads that reach it (what a remote store would answer). */
function counted(inner: ByteSource) {
  const reads: Array<[number, number]> = [];
  const source: ByteSource = { ...inner, name: inner.name, size: () => inner.size(), close: () => inner.close(), read: (o, n) => (reads.push([o, n]), inner.read(o, n)) };
  return { source, reads };
}

describe("fileSource", () => {
  it("reads ranges, short at the end of the file, and reopens after close", async () => {
    const src = fileSource(file);
    expect(await src.size()).toBe(SIZE);
    expect(Buffer.from(await src.read(1000, 50)).equals(bytes.subarray(1000, 1050))).toBe(true);
    expect((await src.read(SIZE - 10, 100)).byteLength).toBe(10);
    await src.close();
    expect(Buffer.from(await src.read(0, 4)).equals(bytes.subarray(0, 4))).toBe(true);
    await src.close();
  });
});

describe("cachedSource", () => {
  it("returns the same bytes as the file for reads inside a block, across block edges, and past the end", async () => {
    const { source } = counted(fileSource(file));
    const cached = cachedSource(source, `test-${randomBytes(4).toString("hex")}`);
    for (const [o, n] of [
      [0, 8],
      [BLOCK_SIZE - 3, 10],
      [BLOCK_SIZE / 2, 2 * BLOCK_SIZE + 7],
      [SIZE - 100, 100],
      [SIZE - 5, 50],
    ] as const) {
      expect(Buffer.from(await cached.read(o, n)).equals(bytes.subarray(o, Math.min(SIZE, o + n))), `${o}+${n}`).toBe(true);
    }
    expect((await cached.read(SIZE + 10, 5)).byteLength).toBe(0);
    await cached.close();
  });

  it("fetches each block once, however many readers ask for it at the same time, and hands out copies", async () => {
    const { source, reads } = counted(fileSource(file));
    const cached = cachedSource(source, `test-${randomBytes(4).toString("hex")}`);
    const all = await Promise.all(Array.from({ length: 20 }, (_, i) => cached.read(i * 100, 64)));
    expect(reads).toEqual([[0, BLOCK_SIZE]]);
    all[0]![0] = all[0]![0]! ^ 0xff;
    expect((await cached.read(0, 1))[0]).toBe(bytes[0]);
    // The last block is as long as what is left of the file.
    await cached.read(SIZE - 1, 1);
    expect(reads.at(-1)).toEqual([3 * BLOCK_SIZE, SIZE - 3 * BLOCK_SIZE]);
    await cached.close();
  });

  it("fetches the missing blocks of one read in one request per run of them", async () => {
    const { source, reads } = counted(fileSource(file));
    const cached = cachedSource(source, `test-${randomBytes(4).toString("hex")}`);
    await cached.read(BLOCK_SIZE + 5, 1);
    const all = await cached.read(0, SIZE);
    expect(Buffer.from(all).equals(bytes)).toBe(true);
    expect(reads).toEqual([
      [BLOCK_SIZE, BLOCK_SIZE],
      [0, BLOCK_SIZE],
      [2 * BLOCK_SIZE, SIZE - 2 * BLOCK_SIZE],
    ]);
    await cached.close();
  });

  it("reads ahead when a reader moves on into the next block, and not for reads that jump about", async () => {
    const { source, reads } = counted(fileSource(file));
    const cached = cachedSource(source, `test-${randomBytes(4).toString("hex")}`);
    await cached.read(2 * BLOCK_SIZE, 1);
    await cached.read(0, 1);
    expect(reads.map(([o]) => o / BLOCK_SIZE)).toEqual([2, 0]);
    await cached.read(BLOCK_SIZE, 1);
    await new Promise((r) => setTimeout(r, 50));
    // Block 1 follows block 0: the rest of the file (block 3, block 2 is cached) comes ahead of being asked for.
    expect(reads.map(([o]) => o / BLOCK_SIZE)).toEqual([2, 0, 1, 3]);
    await cached.close();
  });

  it("keeps at most its byte budget, dropping the least recently used block first", async () => {
    const before = blockCache.maxBytes;
    blockCache.maxBytes = 2 * BLOCK_SIZE;
    try {
      const { source, reads } = counted(fileSource(file));
      const cached = cachedSource(source, `test-${randomBytes(4).toString("hex")}`);
      // Jumping about (no read-ahead): blocks 0 and 2, block 0 again (block 2 is now the oldest), then block 3 pushes block 2 out.
      for (const b of [0, 2, 0, 3]) await cached.read(b * BLOCK_SIZE, 1);
      expect(reads.map(([o]) => o / BLOCK_SIZE)).toEqual([0, 2, 3]);
      expect(blockCache.bytes).toBeLessThanOrEqual(2 * BLOCK_SIZE);
      await cached.read(0, 1);
      expect(reads).toHaveLength(3);
      await cached.read(2 * BLOCK_SIZE, 1);
      expect(reads).toHaveLength(4);
      await cached.close();
    } finally {
      blockCache.maxBytes = before;
    }
  });

  it("does not keep a failed read: the next reader tries again", async () => {
    let fail = true;
    const inner = fileSource(file);
    const flaky: ByteSource = {
      name: "flaky",
      size: () => inner.size(),
      close: () => inner.close(),
      read: (o, n) => (fail ? Promise.reject(new Error("boom")) : inner.read(o, n)),
    };
    const cached = cachedSource(flaky, `test-${randomBytes(4).toString("hex")}`);
    await expect(cached.read(0, 4)).rejects.toThrow("boom");
    fail = false;
    expect(Buffer.from(await cached.read(0, 4)).equals(bytes.subarray(0, 4))).toBe(true);
    await cached.close();
  });
});
