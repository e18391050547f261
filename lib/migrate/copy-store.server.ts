// `sitewatch migrate-store --to s3://bucket/prefix`: copies every file the
// database refers to (scene originals and COGs in the store, uploads waiting
// for conversion in the staging area: the set a backup holds,
// backup-manifest.ts) from this installation's store to another one, through
// the BlobStore interface, so any store can be either side. Each file is
// hashed while it streams into the target's temp file and must hash to its
// name before the target keeps it; a file already in the target with the same
// size is left alone, so running it again copies nothing. Beside an S3 target
// the rendered public tiles of a local tile cache go too (they are small and
// the first visitors would otherwise wait for renders), byte-compared when
// already there.
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { referencedBlobs, type BlobPlace } from "../backup/backup-manifest";
import { config } from "../config.server";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { getBlobStore, LocalBlobStore, type BlobStore } from "../storage/blob-store.server";
import { checkStore } from "../storage/check-store.server";
import { S3BlobStore } from "../storage/s3-blob-store.server";
import { describeStore, parseStoreUrl, s3Settings, type StoreLocation } from "../storage/store-url";
import { S3TileCache } from "../storage/tile-cache.server";
import type { StoreReport } from "./migrate-report";

/** Staged uploads are read through their byte source in pieces of this size. */
const CHUNK = 4 * 1024 * 1024;
const TILES_IN_FLIGHT = 8;
const TILE_KEY = /^[0-9a-f]{2}\/[0-9a-f]{64}\/[\w-]{1,64}\/(\d{1,2}\/\d{1,8}\/\d{1,8}\.webp|lineage\.json)$/;

export interface CopyStoreProgress {
  (fraction: number, message: string): void;
}

/** The store `--to` names; its problems (a bad URL, a bucket that does not exist, credentials refused) are one line. */
async function openTarget(to: string): Promise<{ store: BlobStore; location: StoreLocation }> {
  let location: StoreLocation;
  try {
    location = parseStoreUrl(to, "");
  } catch (e) {
    if (e instanceof DomainError) throw new DomainError("bad_input", e.message.replace(/^SITEWATCH_STORE_URL/, "--to"));
    throw e;
  }
  if (location.kind === "file" && !path.isAbsolute(to.replace(/^file:(\/\/)?/, "")))
    throw new DomainError("bad_input", `--to file:… must be an absolute path (got "${to.slice(0, 100)}")`);
  await checkStore({ ...process.env, SITEWATCH_STORE_URL: to });
  const description = describeStore(location);
  const store =
    location.kind === "file"
      ? new LocalBlobStore(location.dir)
      : new S3BlobStore({ bucket: location.bucket, prefix: location.prefix, settings: s3Settings(), tempDir: path.join(config.dataDir, "tmp"), description });
  return { store, location };
}

/** Where a file the database refers to lies in the source: the store, the staging area, or nowhere. */
async function findInSource(source: BlobStore, sha256: string, place: BlobPlace): Promise<{ place: BlobPlace; bytes: number } | null> {
  // An upload waiting for conversion may have been converted (moved into the store) since the scene row was read.
  if (place === "staging" && (await source.isStaged(sha256))) {
    const staged = await source.openStagedSource(sha256);
    try {
      return { place: "staging", bytes: await staged.size() };
    } finally {
      await staged.close();
    }
  }
  if (await source.has(sha256)) return { place: "store", bytes: await source.size(sha256) };
  return null;
}

async function sizeInTarget(target: BlobStore, sha256: string, place: BlobPlace): Promise<number | null> {
  if (place === "store") return (await target.has(sha256)) ? target.size(sha256) : null;
  if (!(await target.isStaged(sha256))) return null;
  const staged = await target.openStagedSource(sha256);
  try {
    return await staged.size();
  } finally {
    await staged.close();
  }
}

/** Streams a source file into a new temp file of the target, hashing it on the way; returns the temp path and the hash. */
async function copyToTemp(args: {
  source: BlobStore;
  target: BlobStore;
  sha256: string;
  place: BlobPlace;
  onBytes: (n: number) => void;
}): Promise<{ temp: string; sha256: string }> {
  const { source, target, sha256, place, onBytes } = args;
  const temp = await target.createTempPath();
  const hash = createHash("sha256");
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      onBytes(chunk.length);
      done(null, chunk);
    },
  });
  try {
    if (place === "store") {
      await pipeline(await source.openRead({ sha256 }), tap, createWriteStream(temp, { flags: "wx" }));
    } else {
      const staged = await source.openStagedSource(sha256);
      const handle = await fs.open(temp, "wx");
      try {
        const size = await staged.size();
        for (let offset = 0; offset < size; offset += CHUNK) {
          const bytes = await staged.read(offset, Math.min(CHUNK, size - offset));
          hash.update(bytes);
          onBytes(bytes.length);
          await handle.write(bytes);
        }
      } finally {
        await handle.close();
        await staged.close();
      }
    }
  } catch (e) {
    await fs.rm(temp, { force: true });
    throw e;
  }
  return { temp, sha256: hash.digest("hex") };
}

/** Every file under a folder, as paths relative to it with "/" separators. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"));
}

/**
 * Copies this installation's files (the store SITEWATCH_STORE_URL names, the
 * database DATABASE_URL names) to the store `to`. Bad input is a DomainError
 * with one line; otherwise the report, with `firstProblem` set when a file is
 * missing from the source or does not hash to its name.
 */
export async function copyStore(args: { to: string; onProgress?: CopyStoreProgress }): Promise<StoreReport> {
  const onProgress = args.onProgress ?? (() => undefined);
  const source = getBlobStore();
  const { store: target, location } = await openTarget(args.to.trim());
  if (target.description === source.description) throw new DomainError("bad_input", `--to names the store this installation already uses (${source.description})`);

  const scenes = await db.scene.findMany({ select: { id: true, sha256: true, cogSha256: true, status: true }, orderBy: { id: "asc" } });
  const refs = referencedBlobs(scenes);
  const report: StoreReport = {
    source: source.description,
    target: target.description,
    files: refs.length,
    copied: 0,
    copiedBytes: 0,
    alreadyThere: 0,
    alreadyThereBytes: 0,
    absent: 0,
    tiles: null,
    problems: [],
    firstProblem: null,
  };
  const problem = (p: string) => {
    report.problems.push(p);
    report.firstProblem ??= p;
  };

  const found = new Map<string, { place: BlobPlace; bytes: number }>();
  for (const ref of refs) {
    const where = await findInSource(source, ref.sha256, ref.place);
    if (where) found.set(ref.sha256, where);
    else if (ref.required) problem(`${ref.sha256}: missing from the source store ${source.description}, yet scene ${ref.sceneId} refers to it`);
    else report.absent++;
  }
  const totalBytes = [...found.values()].reduce((n, f) => n + f.bytes, 0);
  let doneBytes = 0;
  const onBytes = (n: number) => {
    doneBytes += n;
    onProgress(totalBytes ? (0.95 * doneBytes) / totalBytes : 0, `${(doneBytes / 1024 ** 2).toFixed(0)} of ${(totalBytes / 1024 ** 2).toFixed(0)} MiB`);
  };

  for (const ref of refs) {
    const where = found.get(ref.sha256);
    if (!where) continue;
    if ((await sizeInTarget(target, ref.sha256, where.place)) === where.bytes) {
      report.alreadyThere++;
      report.alreadyThereBytes += where.bytes;
      onBytes(where.bytes);
      continue;
    }
    const copy = await copyToTemp({ source, target, sha256: ref.sha256, place: where.place, onBytes });
    if (copy.sha256 !== ref.sha256) {
      await fs.rm(copy.temp, { force: true });
      problem(`${ref.sha256}: damaged in the source store (its bytes hash to ${copy.sha256}); not copied`);
      continue;
    }
    if (where.place === "store") await target.putFromTemp({ tempPath: copy.temp, sha256: ref.sha256 });
    else await target.stage({ tempPath: copy.temp, sha256: ref.sha256 });
    report.copied++;
    report.copiedBytes += where.bytes;
  }

  // The tile cache lives beside a local store in the data folder, and in the bucket beside an S3 store: only the second is a move.
  if (location.kind === "s3" && source instanceof LocalBlobStore && target instanceof S3BlobStore) {
    const cache = new S3TileCache(target);
    const dir = path.join(config.dataDir, "tile-cache");
    const tiles = { copied: 0, alreadyThere: 0, bytes: 0 };
    // Tiles, and each rendering's lineage record.
    const files = (await filesUnder(dir)).filter((f) => TILE_KEY.test(f));
    let done = 0;
    const copyTile = async (file: string) => {
      const key = file.replace(/\.(webp|json)$/, "");
      const data = await fs.readFile(path.join(dir, file)).catch(() => null);
      // Replaced or removed meanwhile: it renders again on demand.
      if (data) {
        const there = await cache.get(key);
        if (there?.equals(data)) tiles.alreadyThere++;
        else {
          await cache.put(key, data);
          tiles.copied++;
          tiles.bytes += data.length;
        }
      }
      done++;
      onProgress(0.95 + (0.05 * done) / files.length, `tiles ${done} of ${files.length}`);
    };
    // Tiles are small: a few requests in flight at once, not one round trip after another.
    for (let i = 0; i < files.length; i += TILES_IN_FLIGHT) await Promise.all(files.slice(i, i + TILES_IN_FLIGHT).map(copyTile));
    report.tiles = tiles;
  }
  onProgress(1, "done");
  return report;
}
