// Shared by the benchmarks: the 8192² input (made with GDAL if missing), timing
// a command with /usr/bin/time (wall seconds, peak RSS), medians.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const BENCH_DIR = path.join(ROOT, ".bench");
export const INPUT = path.join(BENCH_DIR, "input-8192.tif");

export function ensureInput(): string {
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  if (!fs.existsSync(INPUT)) {
    console.error("bench: making the 8192×8192 three-band input from the Landsat bands (GDAL)…");
    execFileSync("/usr/bin/python3", [path.join(ROOT, "scripts/bench/make-bench-input.py"), path.join(ROOT, "tests/fixtures/imagery/L7_ETMs.tif"), INPUT], { stdio: "inherit" });
  }
  return INPUT;
}

export interface Timed {
  wallS: number;
  peakRssMiB: number;
  stdout: string;
}

/** Runs a command under GNU time; throws with its stderr if it fails. */
export function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Timed {
  const r = spawnSync("/usr/bin/time", ["-f", "BENCH_TIME %e %M", cmd, ...args], { encoding: "utf8", env, maxBuffer: 256 << 20 });
  const line = r.stderr.split("\n").find((l) => l.startsWith("BENCH_TIME "));
  if (r.status !== 0 || !line) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const [, wall, rssKb] = line.split(" ");
  return { wallS: Number(wall), peakRssMiB: Number(rssKb) / 1024, stdout: r.stdout };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

export function percentile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

export function writeResult(name: string, result: unknown): void {
  const file = path.join(BENCH_DIR, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify(result, null, 1));
  console.log(`\nwritten ${path.relative(ROOT, file)}`);
}

/** mulberry32: a small seeded PRNG (uniform in [0, 1)), so benchmark and evaluation data are the same every run. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
