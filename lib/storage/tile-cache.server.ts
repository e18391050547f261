// The public tile cache: rendered WebP tiles by key ("ab/<cog sha256>/<render
// key>/z/x/y"), in a local folder (dataDir/tile-cache) beside a local store,
// or in the bucket (`prefix/tile-cache/…`) beside an S3 store, so that every
// web instance shares what any of them rendered.
import fs from "node:fs/promises";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { config } from "../config.server";
import { getBlobStore } from "./blob-store.server";
import { isNotFound, S3BlobStore } from "./s3-blob-store.server";

export interface TileCache {
  get(key: string): Promise<Buffer | null>;
  put(key: string, data: Buffer): Promise<void>;
}

/** A tile (…/z/x/y, a WebP) or a rendering's lineage record (…/lineage, JSON). */
const KEY = /^[0-9a-f]{2}\/[0-9a-f]{64}\/[\w-]{1,64}\/(\d{1,2}\/\d{1,8}\/\d{1,8}|lineage)$/;
const extensionOf = (key: string) => (key.endsWith("/lineage") ? "json" : "webp");

function assertTileKey(key: string): void {
  // The key becomes a path or an object key: nothing else gets through.
  if (!KEY.test(key)) throw new Error(`not a tile cache key: ${key}`);
}

export class LocalTileCache implements TileCache {
  constructor(readonly dir: string) {}

  private file(key: string): string {
    assertTileKey(key);
    return path.join(this.dir, `${key}.${extensionOf(key)}`);
  }

  async get(key: string): Promise<Buffer | null> {
    return fs.readFile(this.file(key)).catch(() => null);
  }

  /** Written under a temporary name and renamed: a reader never sees half a tile. */
  async put(key: string, data: Buffer): Promise<void> {
    const file = this.file(key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${randomUUID()}.part`;
    await fs.writeFile(tmp, data);
    await fs.rename(tmp, file);
  }
}

export class S3TileCache implements TileCache {
  constructor(private readonly store: S3BlobStore) {}

  private objectKey(key: string): string {
    assertTileKey(key);
    return this.store.underPrefix(`tile-cache/${key}.${extensionOf(key)}`);
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      const out = await this.store.client.send(new GetObjectCommand({ Bucket: this.store.bucket, Key: this.objectKey(key) }));
      return Buffer.from(await out.Body!.transformToByteArray());
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }

  /** One PUT: S3 makes an object visible whole or not at all. */
  async put(key: string, data: Buffer): Promise<void> {
    await this.store.client.send(
      new PutObjectCommand({ Bucket: this.store.bucket, Key: this.objectKey(key), Body: data, ContentType: extensionOf(key) === "json" ? "application/json" : "image/webp" }),
    );
  }
}

let current: { store: object; cache: TileCache; dir: string } | null = null;

/** The tile cache beside the configured store. */
export function getTileCache(): TileCache {
  const store = getBlobStore();
  const dir = path.join(config.dataDir, "tile-cache");
  if (current?.store === store && current.dir === dir) return current.cache;
  const cache = store instanceof S3BlobStore ? new S3TileCache(store) : new LocalTileCache(dir);
  current = { store, cache, dir };
  return cache;
}
