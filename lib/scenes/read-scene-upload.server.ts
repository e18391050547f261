// Streams a multipart scene upload: the `file` part goes straight to the
// store's temp area (hashed on the way, never held in memory), the other
// parts are collected as metadata fields. Whatever goes wrong — too large,
// the client going away, a broken body — the request ends with an error and
// the temp file is removed.
import fs from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import busboy from "busboy";
import { config } from "../config.server";
import { DomainError } from "../errors";
import { brokenTextError, hasLoneSurrogate } from "../text/well-formed";
import { stageStream, type StagedFile } from "./stage-upload.server";

function tooLarge(): DomainError {
  return new DomainError("too_large", `the upload is larger than the ${Math.round(config.maxUploadBytes / 1024 ** 2)} MiB limit`);
}

export async function readSceneUpload(request: Request): Promise<{ fields: Record<string, string>; staged: StagedFile }> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.startsWith("multipart/form-data") || !request.body) {
    throw new DomainError("bad_input", "send the scene as multipart/form-data with a `file` part");
  }
  if (Number(request.headers.get("content-length") ?? 0) > config.maxUploadBytes + 1024 * 1024) throw tooLarge();

  const fields: Record<string, string> = {};
  let staging: Promise<StagedFile> | null = null;
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: { "content-type": contentType }, limits: { files: 1, fields: 50, fieldSize: 64 * 1024, fileSize: config.maxUploadBytes } });
  } catch (e) {
    throw new DomainError("bad_input", `the upload could not be read (${(e as Error).message})`);
  }
  parser.on("field", (name, value) => {
    fields[name] = value;
  });
  parser.on("file", (name, stream, info) => {
    if (name !== "file" || staging) {
      stream.resume();
      return;
    }
    stream.on("limit", () => stream.destroy(tooLarge()));
    staging = stageStream({ source: stream, originalFilename: info.filename || "upload.tif" });
    // If staging fails (too large, disk), stop reading the body at once instead of waiting for it.
    staging.catch((e: unknown) => parser.destroy(e as Error));
  });

  const body = Readable.fromWeb(request.body as import("node:stream/web").ReadableStream);
  const abort = () => body.destroy(new DomainError("bad_input", "the upload was interrupted"));
  request.signal?.addEventListener("abort", abort, { once: true });
  try {
    await pipeline(body, parser);
  } catch (e) {
    const outcome = await (staging as Promise<StagedFile> | null)?.then(
      (staged) => ({ staged, error: null }),
      (error: unknown) => ({ staged: null, error }),
    );
    if (outcome?.staged) await fs.rm(outcome.staged.tempPath, { force: true });
    // The staging error (e.g. too large) is the cause; the parser's own error is only its echo.
    if (outcome?.error instanceof DomainError) throw outcome.error;
    if (e instanceof DomainError) throw e;
    throw new DomainError("bad_input", `the upload could not be read (${(e as Error).message})`);
  } finally {
    request.signal?.removeEventListener("abort", abort);
  }
  if (!staging) throw new DomainError("bad_input", "no `file` part in the upload");
  const staged = await (staging as Promise<StagedFile>);
  // A part sent in UTF-16 can hold a lone surrogate, which cannot be stored: refused here, naming the field.
  const broken = Object.entries({ ...fields, "the file's name": staged.originalFilename }).find(([, value]) => hasLoneSurrogate(value));
  if (broken) {
    await fs.rm(staged.tempPath, { force: true });
    throw brokenTextError(broken[0], [broken[0]]);
  }
  return { fields, staged };
}
