// A real S3-protocol server for tests and benchmarks: s3rver (from the npm
// registry) in a child process of its own on a free port, with one empty
// bucket, keeping its objects in a temporary folder removed by stop().
// Production uses a real S3 service; this speaks the same protocol.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");

export interface S3TestServer {
  /** http://127.0.0.1:PORT */
  endpoint: string;
  bucket: string;
  /** The environment that points Sitewatch at it: SITEWATCH_STORE_URL, AWS_* and path-style requests. */
  env: Record<string, string>;
  /** The server's process (benchmarks read its CPU time). */
  pid: number;
  stop(): Promise<void>;
}

// s3rver's one account: these are its fixed test keys, not secrets.
const ACCESS_KEY = "S3RVER";

const MAIN = `
import S3rver from "s3rver";
const [dir, bucket] = process.argv.slice(1);
const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: dir, configureBuckets: [{ name: bucket }] });
const { port } = await server.run();
process.stdout.write(JSON.stringify({ port }) + "\\n");
process.on("SIGTERM", () => server.close().finally(() => process.exit(0)));
`;

export async function startS3Server(options: { bucket?: string; prefix?: string } = {}): Promise<S3TestServer> {
  const bucket = options.bucket ?? "sitewatch-test";
  const prefix = options.prefix ?? "store";
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sitewatch-s3-"));
  const child = spawn(process.execPath, ["--input-type=module", "-e", MAIN, dir, bucket], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`s3rver did not start within 30 s: ${stderr}`)), 30_000);
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { port: number }).port);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`s3rver exited (${code}): ${stderr}`));
    });
  });
  const endpoint = `http://127.0.0.1:${port}`;
  let stopped: Promise<void> | null = null;
  return {
    endpoint,
    bucket,
    pid: child.pid!,
    env: {
      SITEWATCH_STORE_URL: `s3://${bucket}/${prefix}`,
      AWS_ENDPOINT_URL: endpoint,
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: ACCESS_KEY,
      AWS_SECRET_ACCESS_KEY: ACCESS_KEY,
      SITEWATCH_S3_PATH_STYLE: "1",
    },
    stop: () =>
      (stopped ??= (async () => {
        if (child.exitCode === null) {
          const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
          child.kill("SIGTERM");
          const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
          await exited;
          clearTimeout(timer);
        }
        fs.rmSync(dir, { recursive: true, force: true });
      })()),
  };
}
