// Where imagery files live. Files are content-addressed: the key is the sha256
// of the bytes. Local folder now; an S3-compatible store implements the same
// interface later.
import { createReadStream, type ReadStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { config } from "../config.server";
import { tempFileOwnerTag } from "./temp-owner.server";

export interface BlobStore {
  /** A path on the same filesystem to write an incoming file to before it is stored. */
  createTempPath(): Promise<string>;
  /** Moves a finished temp file (or a staged upload) under its sha256 key. Returns false if that key already existed. */
  putFromTemp(args: { tempPath: string; sha256: string }): Promise<{ created: boolean }>;
  /**
   * Keeps an accepted upload, not yet converted, under its sha256 in the
   * staging area (outside the store: a staged file is not imagery Sitewatch
   * serves). It stays there until its conversion moves it into the store or
   * its scene is deleted.
   */
  stage(args: { tempPath: string; sha256: string }): Promise<void>;
  stagedPath(sha256: string): string;
  isStaged(sha256: string): Promise<boolean>;
  unstage(sha256: string): Promise<void>;
  /** The folders holding temp files and staged uploads (for the sweep after a crash). */
  readonly tempDir: string;
  readonly stagingDir: string;
  has(sha256: string): Promise<boolean>;
  size(sha256: string): Promise<number>;
  /** Inclusive byte range, as in HTTP Range. */
  openRead(args: { sha256: string; start?: number; end?: number }): ReadStream;
  /** Local path for readers that need one (GeoTIFF decoding); an S3 store would download to a cache. */
  localPath(sha256: string): string;
  delete(sha256: string): Promise<void>;
}

const SHA256 = /^[0-9a-f]{64}$/;

function assertKey(sha256: string): void {
  // The key becomes a file name: never let anything else through.
  if (!SHA256.test(sha256)) throw new Error(`not a sha256 key: ${sha256}`);
}

export class LocalBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

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

  openRead({ sha256, start, end }: { sha256: string; start?: number; end?: number }): ReadStream {
    return createReadStream(this.localPath(sha256), { start, end });
  }

  async delete(sha256: string): Promise<void> {
    await fs.rm(this.localPath(sha256), { force: true });
  }
}

export function getBlobStore(): BlobStore {
  return new LocalBlobStore(config.storeDir);
}
