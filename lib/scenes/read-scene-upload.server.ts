// Streams a multipart scene upload: the `file` part goes straight to the
// store's temp area (hashed on the way, never held in memory), the other
// parts are collected as metadata fields.
import { Readable } from "node:stream";
import busboy from "busboy";
import { config } from "../config.server";
import { DomainError } from "../errors";
import { stageStream, type StagedFile } from "./ingest-scene.server";
import fs from "node:fs/promises";

export async function readSceneUpload(request: Request): Promise<{ fields: Record<string, string>; staged: StagedFile }> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.startsWith("multipart/form-data") || !request.body) {
    throw new DomainError("bad_input", "send the scene as multipart/form-data with a `file` part");
  }
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > config.maxUploadBytes + 1024 * 1024) {
    throw new DomainError("too_large", `the upload is larger than the ${Math.round(config.maxUploadBytes / 1024 ** 2)} MiB limit`);
  }
  const fields: Record<string, string> = {};
  let staging: Promise<StagedFile> | null = null;
  const parser = busboy({ headers: { "content-type": contentType }, limits: { files: 1, fields: 50, fieldSize: 64 * 1024 } });
  const done = new Promise<void>((resolve, reject) => {
    parser.on("field", (name, value) => {
      fields[name] = value;
    });
    parser.on("file", (name, stream, info) => {
      if (name !== "file" || staging) {
        stream.resume();
        return;
      }
      staging = stageStream({ source: stream, originalFilename: info.filename || "upload.tif" });
      // Errors surface through `staging`; keep this from being an unhandled rejection meanwhile.
      staging.catch(() => undefined);
    });
    parser.on("error", reject);
    parser.on("close", resolve);
  });
  Readable.fromWeb(request.body as import("node:stream/web").ReadableStream).pipe(parser);
  try {
    await done;
  } catch (e) {
    const staged = await (staging as Promise<StagedFile> | null)?.catch(() => null);
    if (staged) await fs.rm(staged.tempPath, { force: true });
    throw new DomainError("bad_input", `the upload could not be read (${(e as Error).message})`);
  }
  if (!staging) throw new DomainError("bad_input", "no `file` part in the upload");
  return { fields, staged: await staging };
}
