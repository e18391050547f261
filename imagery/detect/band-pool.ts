// Worker threads for computeBand, one per core (at most 4). Like the COG
// writer's tile pool, the worker is built from the function's source text and
// run with `eval: true`, so it works under tsx and inside Next.js's server
// bundle alike. Terminating the pool abandons the work in flight (cancel).
import os from "node:os";
import { Worker } from "node:worker_threads";
import { computeBand, magnitudeKernel3, type BandResult, type BandTask, type PixelArray } from "./band-compute";
import { evalLut } from "./normalise";
import { decodeRawWindow, type RawWindow } from "./raw-blocks";

const WORKER_SOURCE = `
"use strict";
const { parentPort } = require("node:worker_threads");
const { inflateSync } = require("node:zlib");
const __name = (f) => f;
const evalLut = (${evalLut.toString()});
const magnitudeKernel3 = (${magnitudeKernel3.toString()});
const computeBand = (${computeBand.toString()});
const decodeRawWindow = (${decodeRawWindow.toString()});
// A task leaves megabytes of pixel buffers behind. Collect them once they pass 32 MB rather than
// when the engine gets round to it (it lets far more pile up), so memory stays bounded by what is
// in flight; not after every task, which costs more time than the computing.
let collect = null;
const v8 = require("node:v8");
try {
  v8.setFlagsFromString("--expose-gc");
  collect = require("node:vm").runInNewContext("gc");
} catch {}
parentPort.on("message", (m) => {
  try {
    const t = m.task;
    t.before = m.before.raw ? decodeRawWindow(m.before.raw, inflateSync) : new globalThis[m.before.type](m.before.buffer);
    t.after = m.after.raw ? decodeRawWindow(m.after.raw, inflateSync) : new globalThis[m.after.type](m.after.buffer);
    if (m.codes) t.codesOut = new Uint8Array(m.codes.buffer, m.codes.offset, t.width * t.height);
    const r = computeBand(t);
    if (m.codes) r.codes = null; // written into shared memory
    const transfer = [];
    for (const a of [r.codes, r.histogram, r.pairsBefore, r.pairsAfter]) if (a) transfer.push(a.buffer);
    parentPort.postMessage({ id: m.id, result: r }, transfer);
    t.before = t.after = null;
    if (collect && v8.getHeapStatistics().external_memory > 32 * 1024 * 1024) collect();
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: String((e && e.stack) || e) });
  }
});
`;

export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(4, os.availableParallelism()));
}

interface Pending {
  resolve: (r: BandResult) => void;
  reject: (e: Error) => void;
  worker: number;
}

export class BandPool {
  private readonly workers: Worker[];
  private readonly load: number[];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private failure: Error | null = null;

  constructor(size = defaultWorkerCount()) {
    this.workers = Array.from({ length: size }, () => new Worker(WORKER_SOURCE, { eval: true }));
    this.load = new Array<number>(size).fill(0);
    this.workers.forEach((w, i) => {
      w.on("message", (m: { id: number; result?: BandResult; error?: string }) => {
        this.load[i]!--;
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.error) p.reject(new Error(`detection worker: ${m.error}`));
        else p.resolve(m.result!);
      });
      w.on("error", (e) => this.fail(e));
      w.on("exit", (code) => {
        if (code !== 0 && code !== 1) this.fail(new Error(`detection worker exited with code ${code}`));
      });
    });
  }

  get size(): number {
    return this.workers.length;
  }

  /** Tasks queued or running. */
  get busy(): number {
    return this.pending.size;
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  /**
   * Runs a task on the least busy worker. Pixels come decoded or as raw blocks
   * (decoded in the worker); their buffers are transferred (unusable afterwards).
   * With `codes`, the worker writes the codes into that shared memory.
   */
  run(
    task: Omit<BandTask, "before" | "after" | "codesOut">,
    before: PixelArray | RawWindow,
    after: PixelArray | RawWindow,
    codes?: { buffer: SharedArrayBuffer; offset: number },
  ): Promise<BandResult> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    let w = 0;
    for (let i = 1; i < this.load.length; i++) if (this.load[i]! < this.load[w]!) w = i;
    this.load[w]!++;
    const transfer: ArrayBuffer[] = [];
    const pack = (p: PixelArray | RawWindow) => {
      if ("layout" in p) {
        const bytes = p.bytes.byteOffset === 0 && p.bytes.byteLength === p.bytes.buffer.byteLength ? p.bytes : p.bytes.slice();
        if (!transfer.includes(bytes.buffer as ArrayBuffer)) transfer.push(bytes.buffer as ArrayBuffer);
        return { raw: { ...p, bytes } };
      }
      const a = p.byteOffset === 0 && p.byteLength === p.buffer.byteLength ? p : p.slice();
      if (!transfer.includes(a.buffer as ArrayBuffer)) transfer.push(a.buffer as ArrayBuffer);
      return { type: a.constructor.name, buffer: a.buffer };
    };
    const message = { id, task, before: pack(before), after: pack(after), codes };
    return new Promise<BandResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, worker: w });
      this.workers[w]!.postMessage(message, transfer);
    });
  }

  async close(): Promise<void> {
    this.fail(new Error("detection stopped"));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
