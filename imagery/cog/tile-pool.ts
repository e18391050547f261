// Worker threads that turn raw tiles into file-ready bytes: halve the tile for
// the next overview level, apply the predictor, deflate. One worker per core;
// the main thread only reads, copies and writes.
//
// The worker's source is built from the text of two pure functions and run
// with `eval: true`, so it works the same under tsx (CLI, tests) and inside
// Next.js's server bundle, where a separate worker file would not be found.
// tsx wraps nested functions in `__name(...)`, hence the shim.
import os from "node:os";
import { Worker } from "node:worker_threads";
import { halveBlock, type OverviewResampling } from "./downsample";
import { predictTile, type SampleArray } from "./tile-encode";

export interface TileTask {
  tile: SampleArray;
  size: number;
  samples: number;
  /** Valid pixels of the tile (less than `size` at the right and bottom edges). */
  validWidth: number;
  validHeight: number;
  /** Halve the valid part for the next overview level, or not (the smallest level). */
  halve: OverviewResampling | null;
  nodata: number | null;
  deflateLevel: number;
}

export interface TileResult {
  compressed: Buffer;
  /** ceil(validWidth/2) × ceil(validHeight/2) pixels, when asked for. */
  halved: SampleArray | null;
}

const WORKER_SOURCE = `
"use strict";
const { parentPort } = require("node:worker_threads");
const { deflateSync, constants } = require("node:zlib");
const __name = (f) => f;
const halveBlock = (${halveBlock.toString()});
const predictTile = (${predictTile.toString()});
parentPort.on("message", (t) => {
  try {
    const Ctor = globalThis[t.type];
    const tile = new Ctor(t.buffer);
    let halved = null;
    if (t.halve) {
      halved = halveBlock({ data: tile, width: t.validWidth, height: t.validHeight, samples: t.samples, stride: t.size }, t.halve, t.nodata).data;
    }
    const bytes = predictTile(tile, t.size, t.samples);
    // Predicted imagery is mostly noise to LZ77: run-length matching compresses it as
    // well and three times faster. Tiles with real structure (flat areas, classes)
    // compress far better with full matching, so those get it.
    let z = deflateSync(bytes, { level: t.deflateLevel, strategy: constants.Z_RLE });
    if (z.length < bytes.length * 0.4) {
      const full = deflateSync(bytes, { level: t.deflateLevel });
      if (full.length < z.length) z = full;
    }
    const compressed = z.buffer.slice(z.byteOffset, z.byteOffset + z.byteLength);
    const transfer = [compressed];
    if (halved) transfer.push(halved.buffer);
    parentPort.postMessage({ id: t.id, compressed, halved: halved && halved.buffer }, transfer);
  } catch (e) {
    parentPort.postMessage({ id: t.id, error: String(e && e.stack || e) });
  }
});
`;

interface Pending {
  resolve: (r: TileResult) => void;
  reject: (e: Error) => void;
  type: string;
}

export class TilePool {
  private readonly workers: Worker[];
  private readonly load: number[];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private failure: Error | null = null;

  constructor(size = Math.max(1, Math.min(4, os.availableParallelism()))) {
    this.workers = Array.from({ length: size }, () => new Worker(WORKER_SOURCE, { eval: true }));
    this.load = new Array<number>(size).fill(0);
    this.workers.forEach((w, i) => {
      w.on("message", (m: { id: number; compressed?: ArrayBuffer; halved?: ArrayBuffer | null; error?: string }) => {
        this.load[i]!--;
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.error) return p.reject(new Error(`tile worker: ${m.error}`));
        const Ctor = (globalThis as unknown as Record<string, new (b: ArrayBuffer) => SampleArray>)[p.type]!;
        p.resolve({ compressed: Buffer.from(m.compressed!), halved: m.halved ? new Ctor(m.halved) : null });
      });
      w.on("error", (e) => this.fail(e));
      w.on("exit", (code) => {
        if (code !== 0) this.fail(new Error(`tile worker exited with code ${code}`));
      });
    });
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  /** Queues a tile on the least busy worker. The tile's buffer is transferred (unusable afterwards). */
  run(task: TileTask): Promise<TileResult> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    let w = 0;
    for (let i = 1; i < this.load.length; i++) if (this.load[i]! < this.load[w]!) w = i;
    this.load[w]!++;
    const type = task.tile.constructor.name;
    const { tile, ...rest } = task;
    const buffer = tile.byteOffset === 0 && tile.byteLength === tile.buffer.byteLength ? tile.buffer : tile.slice().buffer;
    return new Promise<TileResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, type });
      this.workers[w]!.postMessage({ id, type, buffer, ...rest }, [buffer as ArrayBuffer]);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
