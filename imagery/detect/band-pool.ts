// Worker threads for computeBand, one per core (at most 4). Like the COG
// writer's tile pool, the worker is built from the function's source text and
// run with `eval: true`, so it works under tsx and inside Next.js's server
// bundle alike. Terminating the pool abandons the work in flight (cancel).
import os from "node:os";
import { Worker } from "node:worker_threads";
import { computeBand, type BandResult, type BandTask } from "./band-compute";

const WORKER_SOURCE = `
"use strict";
const { parentPort } = require("node:worker_threads");
const __name = (f) => f;
const computeBand = (${computeBand.toString()});
parentPort.on("message", (m) => {
  try {
    const t = m.task;
    t.before = new globalThis[m.beforeType](m.beforeBuffer);
    t.after = new globalThis[m.afterType](m.afterBuffer);
    const r = computeBand(t);
    const transfer = [];
    for (const a of [r.codes, r.histogram, r.pairsBefore, r.pairsAfter]) if (a) transfer.push(a.buffer);
    parentPort.postMessage({ id: m.id, result: r }, transfer);
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

  /** Runs a task on the least busy worker. Its pixel buffers are transferred (unusable afterwards). */
  run(task: BandTask): Promise<BandResult> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    let w = 0;
    for (let i = 1; i < this.load.length; i++) if (this.load[i]! < this.load[w]!) w = i;
    this.load[w]!++;
    const { before, after, ...rest } = task;
    const own = (a: BandTask["before"]) => (a.byteOffset === 0 && a.byteLength === a.buffer.byteLength ? a : a.slice());
    const b = own(before);
    const a = own(after);
    const transfer = [b.buffer as ArrayBuffer];
    if (a.buffer !== b.buffer) transfer.push(a.buffer as ArrayBuffer);
    return new Promise<BandResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, worker: w });
      this.workers[w]!.postMessage(
        { id, task: rest, beforeType: b.constructor.name, beforeBuffer: b.buffer, afterType: a.constructor.name, afterBuffer: a.buffer },
        transfer,
      );
    });
  }

  async close(): Promise<void> {
    this.fail(new Error("detection stopped"));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
