// Where imagery files live: originals and their COGs. Files are
// content-addressed: the key is the sha256 of the bytes. A local folder (the
// embedded default) or an S3-compatible bucket (s3-blob-store.server.ts),
// chosen by SITEWATCH_STORE_URL (store-url.ts). Incoming files are written and
// hashed in a local temp folder first, whatever the store.
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import { fileSource, type ByteSource } from "@/imagery/source/byte-source";
import { config } from "../config.server";
import { assertKey, SHA256 } from "./blob-key";
import { S3BlobStore } from "./s3-blob-store.server";
import { describeStore, parseStoreUrl, s3Settings } from "./store-url";
import { tempFileOwnerTag } from "./temp-owner.server";

export interface BlobStore {
  /** How the store is named in messages: a folder, or s3://bucket/prefix. */
  readonly description: string;
  /** A local path to write an incoming file to (hashing it) before it is stored: always on this machine, whatever the store. */
  createTempPath(): Promise<string>;
  /** Stores a finished local temp file under its sha256 key and removes the temp file. Returns false if that key already existed. */
  putFromTemp(args: { tempPath: string; sha256: string }): Promise<{ created: boolean }>;
  /**
   * Keeps an accepted upload, not yet converted, under its sha256 in the
   * staging area (outside the store proper: a staged file is not imagery
   * Sitewatch serves), and removes the temp file. It stays there until its
   * conversion moves it into the store or its scene is deleted.
   */
  stage(args: { tempPath: string; sha256: string }): Promise<void>;
  isStaged(sha256: string): Promise<boolean>;
  unstage(sha256: string): Promise<void>;
  /** The staged upload's bytes, for its conversion. */
  openStagedSource(sha256: string): Promise<ByteSource>;
  /** Moves a staged upload into the store. Returns false if the store already had that key (the staged copy is then dropped). */
  storeStaged(sha256: string): Promise<{ created: boolean }>;
  /** Puts a stored file back in the staging area (undoing storeStaged when what followed failed). */
  restage(sha256: string): Promise<void>;
  /** The staged uploads, with when each was staged (for the sweep after a crash). */
  listStaged(): Promise<Array<{ sha256: string; modifiedMs: number }>>;
  /** The local folder of temp files (for the sweep after a crash). */
  readonly tempDir: string;
  has(sha256: string): Promise<boolean>;
  size(sha256: string): Promise<number>;
  /** The bytes, or an inclusive byte range of them as in HTTP Range, as a stream. */
  openRead(args: { sha256: string; start?: number; end?: number }): Promise<Readable>;
  /** The stored file for the imagery engine, read by byte range (remote stores through the process's block cache). */
  openSource(sha256: string): Promise<ByteSource>;
  delete(sha256: string): Promise<void>;
}

/** The store in a local folder; backup and restore (embedded installs) use its paths directly. */
export class LocalBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  get description(): string {
    return this.root;
  }

  get tempDir(): string {
    return path.join(this.root, ".tmp");
  }

  get stagingDir(): string {
    return path.join(this.root, ".staging");
  }

  /** Named after the process that writes it, so the sweep can tell a dead process's leftovers from a live upload. */
  async createTempPath(): Promise<string> {
    await fs.mkdir(this.tempDir, { recursive: true });
    return path.join(this.tempDir, `${tempFileOwnerTag()}.${randomUUID()}.part`);
  }

  stagedPath(sha256: string): string {
    assertKey(sha256);
    return path.join(this.stagingDir, `${sha256}.tif`);
  }

  async stage({ tempPath, sha256 }: { tempPath: string; sha256: string }): Promise<void> {
    await fs.mkdir(this.stagingDir, { recursive: true });
    await fs.rename(tempPath, this.stagedPath(sha256));
  }

  async isStaged(sha256: string): Promise<boolean> {
    return fs.access(this.stagedPath(sha256)).then(
      () => true,
      () => false,
    );
  }

  async unstage(sha256: string): Promise<void> {
    await fs.rm(this.stagedPath(sha256), { force: true });
  }

  async openStagedSource(sha256: string): Promise<ByteSource> {
    return fileSource(this.stagedPath(sha256));
  }

  storeStaged(sha256: string): Promise<{ created: boolean }> {
    return this.putFromTemp({ tempPath: this.stagedPath(sha256), sha256 });
  }

  async restage(sha256: string): Promise<void> {
    await fs.mkdir(this.stagingDir, { recursive: true });
    await fs.rename(this.localPath(sha256), this.stagedPath(sha256));
  }

  async listStaged(): Promise<Array<{ sha256: string; modifiedMs: number }>> {
    const names = await fs.readdir(this.stagingDir).catch(() => [] as string[]);
    const out = [];
    for (const name of names) {
      const sha256 = name.replace(/\.tif$/, "");
      if (!SHA256.test(sha256)) continue;
      const stat = await fs.stat(path.join(this.stagingDir, name)).catch(() => null);
      if (stat?.isFile()) out.push({ sha256, modifiedMs: stat.mtimeMs });
    }
    return out;
  }

  /** Where a stored file lies (backup and restore of an embedded install). */
  localPath(sha256: string): string {
    assertKey(sha256);
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  async putFromTemp({ tempPath, sha256 }: { tempPath: string; sha256: string }): Promise<{ created: boolean }> {
    const target = this.localPath(sha256);
    if (await this.has(sha256)) {
      await fs.rm(tempPath, { force: true });
      return { created: false };
    }
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.rename(tempPath, target);
    return { created: true };
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await fs.access(this.localPath(sha256));
      return true;
    } catch {
      return false;
    }
  }

  async size(sha256: string): Promise<number> {
    return (await fs.stat(this.localPath(sha256))).size;
  }

  async openRead({ sha256, start, end }: { sha256: string; start?: number; end?: number }): Promise<Readable> {
    const stream = createReadStream(this.localPath(sha256), { start, end });
    // Opened before it is handed over, so a missing file is an error here and not mid-response.
    await new Promise<void>((resolve, reject) => stream.once("open", () => resolve()).once("error", reject));
    return stream;
  }

  /** The OS page cache already keeps a local file's hot blocks: no block cache in front. */
  async openSource(sha256: string): Promise<ByteSource> {
    const source = fileSource(this.localPath(sha256));
    await source.size();
    return source;
  }

  async delete(sha256: string): Promise<void> {
    await fs.rm(this.localPath(sha256), { force: true });
  }
}

let current: { key: string; store: BlobStore } | null = null;

/** The store SITEWATCH_STORE_URL names (the local folder config.storeDir when unset); one per configuration, kept. */
export function getBlobStore(): BlobStore {
  const location = parseStoreUrl(process.env.SITEWATCH_STORE_URL, config.storeDir);
  const settings = location.kind === "s3" ? s3Settings() : null;
  const key = JSON.stringify([location, settings]);
  if (current?.key === key) return current.store;
  const store =
    location.kind === "file"
      ? new LocalBlobStore(location.dir)
      : new S3BlobStore({ bucket: location.bucket, prefix: location.prefix, settings: settings!, tempDir: path.join(config.dataDir, "tmp"), description: describeStore(location) });
  current = { key, store };
  return store;
}
