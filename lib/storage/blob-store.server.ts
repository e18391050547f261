// Where imagery files live. Files are content-addressed: the key is the sha256
// of the bytes. Local folder now; an S3-compatible store implements the same
// interface later.
import { createReadStream, type ReadStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { config } from "../config.server";

export interface BlobStore {
  /** A path on the same filesystem to write an incoming file to before it is stored. */
  createTempPath(): Promise<string>;
  /** Moves a finished temp file under its sha256 key. Returns false if that key already existed. */
  putFromTemp(args: { tempPath: string; sha256: string }): Promise<{ created: boolean }>;
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

  private tmpDir(): string {
    return path.join(this.root, ".tmp");
  }

  async createTempPath(): Promise<string> {
    await fs.mkdir(this.tmpDir(), { recursive: true });
    return path.join(this.tmpDir(), `${randomUUID()}.part`);
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
