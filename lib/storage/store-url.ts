// Where imagery is stored, from SITEWATCH_STORE_URL: a local folder (the
// default, `file:/abs/path`, or unset for config.storeDir) or an S3-compatible
// bucket (`s3://bucket/prefix`) reached with the standard AWS environment
// variables. Parsed once per value; a bad value is one sentence that says what
// is expected.
import path from "node:path";
import { z } from "zod";
import { DomainError } from "../errors";

export type StoreLocation = { kind: "file"; dir: string } | { kind: "s3"; bucket: string; prefix: string };

export interface S3Settings {
  /** AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL; unset means AWS itself. */
  endpoint: string | undefined;
  region: string;
  forcePathStyle: boolean;
  /** From AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (/ AWS_SESSION_TOKEN) when set; otherwise the SDK's own chain (profiles, instance roles). */
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined;
}

// S3's bucket naming rules (lower case, 3–63 characters, letters, digits, dots and hyphens, starting and ending with a letter or digit).
const Bucket = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "the bucket name must be 3–63 lower-case letters, digits, dots or hyphens")
  .refine((b) => !b.includes(".."), "the bucket name must not contain two dots in a row");
const Prefix = z
  .string()
  .max(512, "the prefix is too long")
  .regex(/^[\w.\-/]*$/, "the prefix may hold only letters, digits, '.', '-', '_' and '/'")
  .refine((p) => !p.split("/").some((s) => s === "." || s === ".."), "the prefix must not contain '.' or '..' segments");

const S3Url = z
  .string()
  .regex(/^s3:\/\/[^/]+(\/.*)?$/, "an S3 store is s3://bucket or s3://bucket/prefix")
  .transform((url, ctx) => {
    const rest = url.slice("s3://".length);
    const slash = rest.indexOf("/");
    const bucket = Bucket.safeParse(slash < 0 ? rest : rest.slice(0, slash));
    const prefix = Prefix.safeParse(slash < 0 ? "" : rest.slice(slash + 1).replace(/^\/+|\/+$/g, ""));
    for (const r of [bucket, prefix]) if (!r.success) ctx.addIssue({ code: "custom", message: r.error.issues[0]!.message });
    return bucket.success && prefix.success ? { kind: "s3" as const, bucket: bucket.data, prefix: prefix.data } : z.NEVER;
  });

const FileUrl = z
  .string()
  .regex(/^file:(\/\/)?[^\0]+$/, "a local store is file:/absolute/path")
  .transform((url) => ({ kind: "file" as const, dir: path.resolve(/*turbopackIgnore: true*/ process.cwd(), url.replace(/^file:(\/\/)?/, "")) }));

/** The store a SITEWATCH_STORE_URL names; `defaultDir` when it is unset or empty. Throws DomainError with one line. */
export function parseStoreUrl(raw: string | undefined, defaultDir: string): StoreLocation {
  const value = raw?.trim() ?? "";
  if (value === "") return { kind: "file", dir: defaultDir };
  const scheme = /^([a-z0-9+.-]+):/i.exec(value)?.[1]?.toLowerCase();
  const schema = scheme === "s3" ? S3Url : scheme === "file" ? FileUrl : null;
  if (!schema) throw new DomainError("bad_input", `SITEWATCH_STORE_URL must be file:/absolute/path or s3://bucket/prefix (got "${value.slice(0, 100)}")`);
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new DomainError("bad_input", `SITEWATCH_STORE_URL "${value.slice(0, 100)}": ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}

/** The S3 client settings from the environment (credentials are read by the AWS SDK itself: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, profiles, roles). */
export function s3Settings(env: Record<string, string | undefined> = process.env): S3Settings {
  const endpoint = (env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL)?.trim() || undefined;
  if (endpoint && !z.url({ protocol: /^https?$/ }).safeParse(endpoint).success) {
    throw new DomainError("bad_input", `AWS_ENDPOINT_URL must be an http(s) URL, e.g. http://localhost:9000 (got "${endpoint.slice(0, 100)}")`);
  }
  return {
    endpoint,
    region: env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || "us-east-1",
    forcePathStyle: env.SITEWATCH_S3_PATH_STYLE === "1",
    credentials:
      env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
        ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) }
        : undefined,
  };
}

/** How a store is named in messages. */
export function describeStore(location: StoreLocation): string {
  return location.kind === "file" ? location.dir : `s3://${location.bucket}${location.prefix ? `/${location.prefix}` : ""}`;
}
