// The first step of taking a GeoTIFF in: the bytes go to the store's temp area
// while they are hashed and counted (never held in memory), from an upload or
// a local file. What follows is accept-scene-upload.server.ts.
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { ImageryError } from "@/imagery/imagery-error";
import { config } from "../config.server";
import { DomainError } from "../errors";
import { getBlobStore } from "../storage/blob-store.server";

export interface StagedFile {
  tempPath: string;
  sha256: string;
  byteSize: number;
  originalFilename: string;
}

/** A stream stage that hashes and counts, failing with too_large past the limit. */
export function createHashingCounter(maxBytes: number) {
  const hash = createHash("sha256");
  let byteSize = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) {
      byteSize += chunk.length;
      if (byteSize > maxBytes) {
        done(new DomainError("too_large", `the file is larger than the ${Math.round(maxBytes / 1024 ** 2)} MiB limit`));
        return;
      }
      hash.update(chunk);
      done(null, chunk);
    },
  });
  return { stream, result: () => ({ sha256: hash.digest("hex"), byteSize }) };
}

/** Copies a stream into the store's temp area, hashing it on the way. */
export async function stageStream(args: { source: NodeJS.ReadableStream; originalFilename: string }): Promise<StagedFile> {
  const store = getBlobStore();
  const tempPath = await store.createTempPath();
  const counter = createHashingCounter(config.maxUploadBytes);
  try {
    await pipeline(args.source, counter.stream, createWriteStream(tempPath));
  } catch (e) {
    await fs.rm(tempPath, { force: true });
    throw e;
  }
  return { tempPath, originalFilename: args.originalFilename, ...counter.result() };
}

export function stageLocalFile(file: string): Promise<StagedFile> {
  return stageStream({ source: createReadStream(file), originalFilename: path.basename(file) });
}

export function imageryToDomain(e: unknown, filename: string): unknown {
  if (e instanceof ImageryError) {
    // 422 for every imagery problem, "too large" included: a 174-byte file claiming
    // 200000×200000 pixels is unprocessable imagery, not an oversized request (413).
    return new DomainError("unprocessable", `${filename}: ${e.message}`, { details: { imagery: e.code } });
  }
  return e;
}

export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(createReadStream(file), hash);
  return hash.digest("hex");
}
