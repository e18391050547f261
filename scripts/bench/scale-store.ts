// npm run bench:scale-store — conversion and change detection reading from an
// S3-compatible store (s3rver, a real S3-protocol server in its own process on
// this machine) against reading the same files from local disk, alternating,
// median of BENCH_RUNS (3) runs each; the block cache is emptied before every
// S3 run (cold, as a worker meeting a scene for the first time).
//
// Conversion, as the conversion job does it: the 8192×8192 three-band input
// read from the store's staging area, its COG written to a local temp file and
// stored while the original moves into the store (local: two renames; S3: a
// multipart upload and a server-side copy). Detection: the COGs of the benchmark pair
// (bench:change's before and after), whole scene. Target (issue 16): wall
// ratio S3 / local ≤ 1.3 for both.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { writeCog } from "@/imagery/cog/write-cog";
import { detectChanges } from "@/imagery/detect/detect-changes";
import { blockCache } from "@/imagery/source/byte-source";
import { LocalBlobStore, type BlobStore } from "@/lib/storage/blob-store.server";
import { S3BlobStore } from "@/lib/storage/s3-blob-store.server";
import { s3Settings } from "@/lib/storage/store-url";
import { sha256OfFile } from "@/lib/scenes/stage-upload.server";
import { startS3Server } from "@/tests/support/s3-server";
import { BENCH_DIR, ensureInput, median, writeResult } from "./bench-support";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TARGET = 1.3;
const dir = path.join(BENCH_DIR, "scale-store");
const input = ensureInput();
const afterInput = path.join(BENCH_DIR, "change-after-8192.tif");
if (!fs.existsSync(afterInput)) throw new Error(`${afterInput} is missing: run npm run bench:change once first (it makes the after scene)`);

fs.mkdirSync(dir, { recursive: true });
const cogOf = async (file: string, name: string) => {
  const out = path.join(dir, name);
  if (!fs.existsSync(out)) await writeCog(file, out);
  return out;
};
const beforeCog = await cogOf(input, "before.cog.tif");
const afterCog = await cogOf(afterInput, "after.cog.tif");

const s3 = await startS3Server({ bucket: "bench" });
/** CPU seconds a process has used (user + system), from /proc: s3rver's share of the 2 cores is part of what an S3 run costs here. */
const cpuSecondsOf = (pid: number) => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
const ownCpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
try {
  const settings = s3Settings({ ...process.env, ...s3.env });
  // Conversion and detection use stores of their own: the input's COG is the before scene's COG, which the conversion deletes after each run.
  const storesFor = (use: string): Record<"local" | "s3", BlobStore> => ({
    local: new LocalBlobStore(path.join(dir, "store", use)),
    s3: new S3BlobStore({ bucket: s3.bucket, prefix: use, settings, tempDir: path.join(dir, "tmp"), description: `s3rver ${use}` }),
  });
  const stores = { convert: storesFor("convert"), detect: storesFor("detect") };
  const put = async (store: BlobStore, file: string) => {
    const temp = await store.createTempPath();
    fs.copyFileSync(file, temp);
    const sha = await sha256OfFile(temp);
    await store.putFromTemp({ tempPath: temp, sha256: sha });
    return sha;
  };
  const shas = { input: "", before: "", after: "" };
  const stage = async (store: BlobStore, file: string) => {
    const temp = await store.createTempPath();
    fs.copyFileSync(file, temp);
    const sha = await sha256OfFile(temp);
    await store.stage({ tempPath: temp, sha256: sha });
    return sha;
  };
  for (const kind of ["local", "s3"] as const) {
    shas.input = await stage(stores.convert[kind], input);
    shas.before = await put(stores.detect[kind], beforeCog);
    shas.after = await put(stores.detect[kind], afterCog);
  }

  // As the conversion job: the staged original read from the store, its COG written locally, then the COG stored while
  // the original moves from staging into the store. Put back as it was afterwards (not timed).
  const convert = async (store: BlobStore) => {
    const temp = await store.createTempPath();
    await writeCog(await store.openStagedSource(shas.input), temp);
    const sha = await sha256OfFile(temp);
    await Promise.all([store.putFromTemp({ tempPath: temp, sha256: sha }), store.storeStaged(shas.input)]);
    return sha;
  };
  const unconvert = async (store: BlobStore, sha: string) => {
    await store.delete(sha);
    await store.restage(shas.input);
  };
  const detect = async (store: BlobStore) => {
    const r = await detectChanges({ before: await store.openSource(shas.before), after: await store.openSource(shas.after) });
    return r.candidates.features.length;
  };

  const times = { convert: { local: [] as number[], s3: [] as number[] }, detect: { local: [] as number[], s3: [] as number[] } };
  /** CPU seconds per run: this process's, and (S3 runs) the S3 server's. */
  const cpu = { convert: { local: [] as number[], s3: [] as number[], server: [] as number[] }, detect: { local: [] as number[], s3: [] as number[], server: [] as number[] } };
  const outcomes = { convert: new Set<string>(), detect: new Set<number>() };
  for (let i = 0; i < RUNS; i++) {
    for (const task of ["convert", "detect"] as const) {
      // Alternate which goes first, so neither always meets the warmer machine.
      for (const kind of i % 2 ? (["s3", "local"] as const) : (["local", "s3"] as const)) {
        blockCache.clear();
        const [own0, server0] = [ownCpuSeconds(), cpuSecondsOf(s3.pid)];
        const t0 = performance.now();
        const outcome = task === "convert" ? await convert(stores.convert[kind]) : await detect(stores.detect[kind]);
        times[task][kind].push((performance.now() - t0) / 1000);
        cpu[task][kind].push(ownCpuSeconds() - own0);
        if (kind === "s3") cpu[task].server.push(cpuSecondsOf(s3.pid) - server0);
        if (task === "convert") await unconvert(stores.convert[kind], outcome as string);
        (outcomes[task] as Set<unknown>).add(outcome);
      }
      console.log(
        `run ${i + 1} ${task}: local ${times[task].local.at(-1)!.toFixed(2)} s | s3 ${times[task].s3.at(-1)!.toFixed(2)} s (block cache fetched ${blockCache.fetched} blocks so far)`,
      );
    }
  }
  const summary = (task: "convert" | "detect") => {
    const local = median(times[task].local);
    const remote = median(times[task].s3);
    const c = cpu[task];
    return {
      localS: Number(local.toFixed(2)),
      s3S: Number(remote.toFixed(2)),
      ratio: Number((remote / local).toFixed(2)),
      target: TARGET,
      runs: times[task],
      // Where the extra time goes: the S3 server's own CPU (on a real service, its machines'), and this process's.
      cpuSeconds: { local: Number(median(c.local).toFixed(2)), s3: Number(median(c.s3).toFixed(2)), s3Server: Number(median(c.server).toFixed(2)) },
    };
  };
  const result = {
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
    s3: "s3rver 3.7.1 on this machine (its own process), path-style requests",
    blockCacheMiB: blockCache.maxBytes / 1024 ** 2,
    input: { bytes: fs.statSync(input).size, beforeCogBytes: fs.statSync(beforeCog).size, afterCogBytes: fs.statSync(afterCog).size },
    // Both stores give the same COG and the same candidates.
    sameOutput: outcomes.convert.size === 1 && outcomes.detect.size === 1,
    convert: summary("convert"),
    detect: summary("detect"),
  };
  for (const task of ["convert", "detect"] as const) {
    const s = result[task];
    console.log(`${task}: local ${s.localS} s, s3 ${s.s3S} s → ratio ${s.ratio} (target ≤ ${TARGET})`);
    console.log(`  CPU: ${s.cpuSeconds.local} s local, ${s.cpuSeconds.s3} s with S3, and the S3 server ${s.cpuSeconds.s3Server} s on the same ${os.cpus().length} cores`);
  }
  console.log(`same COG and candidates from both stores: ${result.sameOutput}`);
  writeResult("scale-store", result);
} finally {
  await s3.stop();
  fs.rmSync(path.join(dir, "store"), { recursive: true, force: true });
  fs.rmSync(path.join(dir, "tmp"), { recursive: true, force: true });
}
