// The blob store in an S3-compatible bucket (AWS S3, MinIO, Garage, Ceph RGW,
// R2) through the AWS SDK: stored files at `prefix/ab/<sha256>`, staged uploads
// at `prefix/.staging/<sha256>.tif`. Files arrive as local temp files (hashed
// while they were written) and go up as multipart uploads streamed from disk,
// never whole in memory; the imagery engine reads them by byte range through
// the process's block cache.
import { createReadStream } from "node:fs";
import http from "node:http";
import https from "node:https";
import fs from "node:fs/promises";
import path from "node:path";
import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { cachedSource, type ByteSource } from "@/imagery/source/byte-source";
import { assertKey } from "./blob-key";
import type { BlobStore } from "./blob-store.server";
import type { S3Settings } from "./store-url";
import { tempFileOwnerTag } from "./temp-owner.server";

/** Multipart part size: 16 MiB parts keep a 4 GiB upload well under S3's 10,000 parts, 4 in flight. */
const PART_SIZE = 16 * 1024 * 1024;
const PARTS_IN_FLIGHT = 4;

export function makeS3Client(settings: S3Settings, overrides: Partial<S3ClientConfig> = {}): S3Client {
  // The SDK warns on Node 20 about its releases of 2027, a stack of lines at every start; the engines field of package.json is what says which Node runs Sitewatch.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  return new S3Client({
    region: settings.region,
    endpoint: settings.endpoint,
    forcePathStyle: settings.forcePathStyle,
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
    // Checksums only where S3 requires them: S3-compatible servers do not all know the newer headers.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    ...overrides,
  });
}

/** Whether an SDK error means "no such object" (HEAD answers a bare 404, GET a NoSuchKey). */
export function isNotFound(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err?.name === "NotFound" || err?.name === "NoSuchKey" || err?.$metadata?.httpStatusCode === 404;
}

/** A presigned URL is asked for again well before it expires (it is signed for an hour). */
const URL_LIFETIME_S = 3600;
const RENEW_URL_AFTER_MS = 45 * 60 * 1000;
/** A ranged read that has not finished after this long is given up (and tried once more). */
const READ_TIMEOUT_MS = 60_000;
/** Kept-alive connections for ranged reads, shared by every object this process reads. */
const agents = { "http:": new http.Agent({ keepAlive: true, maxSockets: 32 }), "https:": new https.Agent({ keepAlive: true, maxSockets: 32 }) };

/** What a ranged read got instead of its bytes: the status (403 for an expired URL, 404) and the server's words. */
class RangeReadError extends Error {
  readonly $metadata: { httpStatusCode: number };
  constructor(status: number, what: string, detail: string) {
    super(`reading ${what} from the object store failed: HTTP ${status}${detail ? ` (${detail.slice(0, 200)})` : ""}`);
    this.$metadata = { httpStatusCode: status };
  }
}

/** Bytes start..end (inclusive) of a presigned GET URL, straight into one array of that size. */
function rangeGet(url: URL, start: number, end: number, what: string): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const get = url.protocol === "https:" ? https.get : http.get;
    const req = get(url, { agent: agents[url.protocol as "http:" | "https:"], headers: { range: `bytes=${start}-${end}` } }, (res) => {
      if (res.statusCode !== 206) {
        // An error document (small), or a server that ignored the range (it would send the whole object): not read on.
        let detail = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => {
          detail += c;
          if (detail.length > 4096 || res.statusCode === 200) res.destroy();
        });
        res.on("close", () =>
          reject(
            res.statusCode === 200
              ? new Error(`${what}: the object store ignored the byte range (HTTP 200 for a Range request)`)
              : new RangeReadError(res.statusCode ?? 0, what, detail.replace(/\s+/g, " ")),
          ),
        );
        return;
      }
      const out = new Uint8Array(end - start + 1);
      let at = 0;
      res.on("data", (c: Buffer) => {
        if (at + c.length > out.length) return res.destroy(new Error(`${what}: the object store sent more bytes than the range asked for`));
        out.set(c, at);
        at += c.length;
      });
      res.on("end", () => (at === out.length ? resolve(out) : reject(new Error(`${what}: the object store sent ${at} of ${out.length} bytes`))));
      res.on("error", reject);
      res.on("aborted", () => reject(new Error(`${what}: the object store closed the connection mid-read`)));
    });
    req.on("error", reject);
    req.setTimeout(READ_TIMEOUT_MS, () => req.destroy(new Error(`${what}: no answer from the object store in ${READ_TIMEOUT_MS / 1000} s`)));
  });
}

/**
 * An object read by byte range; wrap it in cachedSource. The SDK signs one
 * GET URL for the object (it knows the endpoint, path style and credentials);
 * the reads are then plain ranged GETs on kept-alive connections: the SDK's
 * per-request work cost about seven times the CPU of the bytes themselves
 * (measured against s3rver, bench:scale-store). A read that fails on a reused
 * connection, or because the URL expired (403), is tried once more with a
 * freshly signed URL.
 */
export function s3ObjectSource(args: { client: S3Client; bucket: string; key: string; size: number; name: string }): ByteSource {
  const { client, bucket, key, size, name } = args;
  let signed: { url: Promise<URL>; at: number } | null = null;
  const url = (fresh: boolean): Promise<URL> => {
    if (fresh || !signed || Date.now() - signed.at > RENEW_URL_AFTER_MS) {
      const entry = { at: Date.now(), url: getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: URL_LIFETIME_S }).then((u) => new URL(u)) };
      entry.url.catch(() => {
        if (signed === entry) signed = null;
      });
      signed = entry;
    }
    return signed.url;
  };
  return {
    name,
    size: async () => size,
    async read(offset, length) {
      const end = Math.min(size, offset + length) - 1;
      if (end < offset) return new Uint8Array(0);
      try {
        return await rangeGet(await url(false), offset, end, name);
      } catch (e) {
        if (e instanceof RangeReadError && e.$metadata.httpStatusCode !== 403) throw e;
        return rangeGet(await url(true), offset, end, name);
      }
    },
    // Nothing held: every read is its own request on the shared kept-alive connections.
    close: async () => undefined,
  };
}

export class S3BlobStore implements BlobStore {
  readonly client: S3Client;
  readonly bucket: string;
  readonly description: string;
  readonly tempDir: string;
  private readonly prefix: string;

  constructor(args: { bucket: string; prefix: string; settings: S3Settings; tempDir: string; description: string; client?: S3Client }) {
    this.bucket = args.bucket;
    this.prefix = args.prefix ? `${args.prefix}/` : "";
    this.description = args.description;
    this.tempDir = args.tempDir;
    this.client = args.client ?? makeS3Client(args.settings);
  }

  /** An object key under the store's prefix (the tile cache keeps its tiles there). */
  underPrefix(relative: string): string {
    return `${this.prefix}${relative}`;
  }

  /** The object key of a stored file. */
  key(sha256: string): string {
    assertKey(sha256);
    return `${this.prefix}${sha256.slice(0, 2)}/${sha256}`;
  }

  private stagedKey(sha256: string): string {
    assertKey(sha256);
    return `${this.prefix}.staging/${sha256}.tif`;
  }

  async createTempPath(): Promise<string> {
    await fs.mkdir(this.tempDir, { recursive: true });
    return path.join(this.tempDir, `${tempFileOwnerTag()}.${randomUUID()}.part`);
  }

  private async upload(tempPath: string, key: string): Promise<void> {
    const body = createReadStream(tempPath);
    try {
      await new Upload({
        client: this.client,
        params: { Bucket: this.bucket, Key: key, Body: body, ContentType: "image/tiff" },
        partSize: PART_SIZE,
        queueSize: PARTS_IN_FLIGHT,
        // A failed upload aborts its parts: nothing half-written stays billed in the bucket.
        leavePartsOnError: false,
      }).done();
    } finally {
      body.destroy();
    }
  }

  private async exists(key: string): Promise<number | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return head.ContentLength ?? 0;
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }

  async putFromTemp({ tempPath, sha256 }: { tempPath: string; sha256: string }): Promise<{ created: boolean }> {
    const key = this.key(sha256);
    try {
      if ((await this.exists(key)) !== null) return { created: false };
      await this.upload(tempPath, key);
      return { created: true };
    } finally {
      await fs.rm(tempPath, { force: true });
    }
  }

  async stage({ tempPath, sha256 }: { tempPath: string; sha256: string }): Promise<void> {
    try {
      await this.upload(tempPath, this.stagedKey(sha256));
    } finally {
      await fs.rm(tempPath, { force: true });
    }
  }

  async isStaged(sha256: string): Promise<boolean> {
    return (await this.exists(this.stagedKey(sha256))) !== null;
  }

  async unstage(sha256: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.stagedKey(sha256) }));
  }

  private async sourceOf(key: string): Promise<ByteSource> {
    const size = await this.exists(key);
    if (size === null) throw new Error(`s3://${this.bucket}/${key} is missing from the store`);
    const name = `s3://${this.bucket}/${key}`;
    return cachedSource(s3ObjectSource({ client: this.client, bucket: this.bucket, key, size, name }), name);
  }

  openStagedSource(sha256: string): Promise<ByteSource> {
    return this.sourceOf(this.stagedKey(sha256));
  }

  openSource(sha256: string): Promise<ByteSource> {
    return this.sourceOf(this.key(sha256));
  }

  /** Server-side copy then delete: the bytes do not pass through this process. (CopyObject takes up to 5 GiB, above the upload limit.) */
  private async move(from: string, to: string): Promise<void> {
    await this.client.send(new CopyObjectCommand({ Bucket: this.bucket, Key: to, CopySource: `${this.bucket}/${encodeURI(from)}` }));
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: from }));
  }

  async storeStaged(sha256: string): Promise<{ created: boolean }> {
    if ((await this.exists(this.key(sha256))) !== null) {
      await this.unstage(sha256);
      return { created: false };
    }
    await this.move(this.stagedKey(sha256), this.key(sha256));
    return { created: true };
  }

  async restage(sha256: string): Promise<void> {
    await this.move(this.key(sha256), this.stagedKey(sha256));
  }

  async listStaged(): Promise<Array<{ sha256: string; modifiedMs: number }>> {
    const out: Array<{ sha256: string; modifiedMs: number }> = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: `${this.prefix}.staging/`, ContinuationToken: token }));
      for (const o of page.Contents ?? []) {
        const sha256 = /([0-9a-f]{64})\.tif$/.exec(o.Key ?? "")?.[1];
        if (sha256) out.push({ sha256, modifiedMs: o.LastModified?.getTime() ?? 0 });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out;
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.exists(this.key(sha256))) !== null;
  }

  async size(sha256: string): Promise<number> {
    const size = await this.exists(this.key(sha256));
    if (size === null) throw Object.assign(new Error(`${this.key(sha256)}: no such file in the store`), { code: "ENOENT" });
    return size;
  }

  async openRead({ sha256, start, end }: { sha256: string; start?: number; end?: number }): Promise<Readable> {
    const range = start !== undefined || end !== undefined ? `bytes=${start ?? 0}-${end ?? ""}` : undefined;
    const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key(sha256), Range: range }));
    return out.Body as Readable;
  }

  async delete(sha256: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.key(sha256) }));
  }
}
