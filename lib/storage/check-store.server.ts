// The store is checked once when a process starts, so that bad configuration
// is one sentence then and not a stack trace in the middle of a request: a
// bad SITEWATCH_STORE_URL, a folder that cannot be written, a bucket that does
// not exist, credentials refused, an endpoint that cannot be reached.
import fs from "node:fs/promises";
import { HeadBucketCommand } from "@aws-sdk/client-s3";
import { config } from "../config.server";
import { DomainError } from "../errors";
import { makeS3Client } from "./s3-blob-store.server";
import { describeStore, parseStoreUrl, s3Settings, type S3Settings } from "./store-url";

const NETWORK_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "ECONNRESET", "EHOSTUNREACH", "ENETUNREACH", "EPIPE"]);

/** The one line that says what is wrong with an S3 store, from the error of a request to it. */
export function explainS3Error(e: unknown, where: { url: string; bucket: string; settings: S3Settings }): string {
  const err = e as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number }; cause?: { code?: string } };
  const endpoint = where.settings.endpoint ?? `AWS S3 (${where.settings.region})`;
  const status = err?.$metadata?.httpStatusCode;
  const code = err?.code ?? err?.cause?.code ?? (err?.name && NETWORK_CODES.has(err.name) ? err.name : undefined);
  if ((code && NETWORK_CODES.has(code)) || err?.name === "TimeoutError" || err?.name === "RequestTimeout")
    return `the S3 endpoint ${endpoint} cannot be reached (${code ?? err.name}): check AWS_ENDPOINT_URL and that the server is running`;
  if (err?.name === "CredentialsProviderError") return `no S3 credentials for ${where.url}: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`;
  if (status === 404 || err?.name === "NoSuchBucket" || err?.name === "NotFound")
    return `the bucket "${where.bucket}" does not exist at ${endpoint} (SITEWATCH_STORE_URL=${where.url}): create it or correct the name`;
  if (status === 401 || status === 403 || ["InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied", "Forbidden"].includes(err?.name ?? ""))
    return `the S3 endpoint ${endpoint} refused the credentials for bucket "${where.bucket}" (${err?.name && err.name !== "Unknown" ? err.name : `HTTP ${status}`}): check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and the bucket's policy`;
  if (status === 301 || err?.name === "PermanentRedirect")
    return `the bucket "${where.bucket}" is in another region than ${where.settings.region}: set AWS_REGION to the bucket's region`;
  const first = (err?.message ?? String(e)).split("\n")[0]!.slice(0, 200);
  return `the S3 store ${where.url} cannot be used (${err?.name ?? "error"}${status ? ` ${status}` : ""}: ${first})`;
}

/**
 * Checks that the configured store can be used; throws DomainError with one
 * line if not. Returns the store's name (a folder or s3://bucket/prefix).
 */
export async function checkStore(env: Record<string, string | undefined> = process.env): Promise<string> {
  const location = parseStoreUrl(env.SITEWATCH_STORE_URL, config.storeDir);
  const name = describeStore(location);
  if (location.kind === "file") {
    try {
      await fs.mkdir(location.dir, { recursive: true });
      await fs.access(location.dir, fs.constants.W_OK);
    } catch (e) {
      throw new DomainError("bad_input", `the store folder ${location.dir} cannot be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    return name;
  }
  const settings = s3Settings(env);
  // One attempt, short timeouts: at start-up an answer now beats retries.
  const client = makeS3Client(settings, { maxAttempts: 1, requestHandler: { connectionTimeout: 5_000, requestTimeout: 15_000 } });
  try {
    await client.send(new HeadBucketCommand({ Bucket: location.bucket }));
  } catch (e) {
    throw new DomainError("bad_input", explainS3Error(e, { url: name, bucket: location.bucket, settings }));
  } finally {
    client.destroy();
  }
  return name;
}
