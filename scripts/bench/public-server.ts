// Helpers of bench:public: the production server (`node server.mjs`) as a
// child process that is killed when the benchmark ends, even on an error, and
// autocannon runs that keep every response's latency (autocannon's own
// histogram has 1-ms resolution and p50/p90/p97.5/p99 but no p95).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { freePort } from "../free-port";
import autocannon from "autocannon";
import { percentile, ROOT } from "./bench-support";

const children = new Set<ChildProcess>();

function killAll(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
}
process.on("exit", killAll);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}

export interface Server {
  baseUrl: string;
  stop(): Promise<void>;
}

/** Starts `node server.mjs` (NODE_ENV=production; or another `script`) and resolves once it says "ready on"; its output goes to `logFile`. */
export async function startServer(env: Record<string, string>, logFile: string, script: string[] = ["server.mjs"]): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, script, {
    cwd: ROOT,
    env: { ...process.env, ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  const log = fs.createWriteStream(logFile, { flags: "a" });
  child.stderr!.pipe(log, { end: false });
  await new Promise<void>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`the server did not start in 60 s (see ${logFile})`)), 60_000);
    child.stdout!.on("data", (c: Buffer) => {
      log.write(c);
      out += c.toString();
      if (out.includes("ready on")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code ?? signal} (see ${logFile})`));
    });
  });
  let stopping = false;
  child.on("exit", (code, signal) => {
    log.end(`bench: server exited (${code ?? signal})\n`);
    if (!stopping) console.error(`bench: the server exited unexpectedly (${code ?? signal}); see ${logFile}`);
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      stopping = true;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
      children.delete(child);
    },
  };
}

export interface LoadResult {
  connections: number;
  requests: number;
  wallS: number;
  reqPerS: number;
  /** Per response, from autocannon's "response" events (ms, sub-millisecond resolution). */
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
  /** autocannon's own percentiles (HDR histogram, 1 ms resolution), for reference. */
  autocannonMs: { p50: number; p90: number; p97_5: number; p99: number };
  status: Record<string, number>;
  errors: number;
  timeouts: number;
  /** Bytes of response bodies and headers, as autocannon counts them. */
  bytes: number;
}

/**
 * Runs autocannon against `baseUrl` with `connections` keep-alive
 * connections (no pipelining). `paths` are dealt out in order from one shared
 * list: with `amount` each is requested exactly once (amount = paths.length);
 * with `durationS` the list is cycled until the time is up.
 */
export async function load(args: {
  baseUrl: string;
  paths: string[];
  connections: number;
  amount?: number;
  durationS?: number;
  headers?: Record<string, string>;
}): Promise<LoadResult> {
  const { paths, connections } = args;
  let next = 0;
  const deal = (req: autocannon.RequestParams): autocannon.RequestParams => ({ ...req, path: paths[next++ % paths.length]! });
  const latencies: number[] = [];
  const status: Record<string, number> = {};
  const started = performance.now();
  const instance = autocannon({
    url: args.baseUrl,
    connections,
    pipelining: 1,
    timeout: 30,
    ...(args.amount ? { amount: args.amount } : { duration: args.durationS ?? 10 }),
    requests: [{ method: "GET", setupRequest: deal }],
    ...(args.headers ? { headers: args.headers } : {}),
  });
  instance.on("response", (_client, statusCode, _bytes, ms) => {
    latencies.push(ms);
    status[statusCode] = (status[statusCode] ?? 0) + 1;
  });
  const r = await instance;
  const wallS = (performance.now() - started) / 1000;
  if (args.amount && (latencies.length !== args.amount || next !== args.amount)) {
    throw new Error(`expected each of ${args.amount} paths once, got ${latencies.length} responses for ${next} requests (errors ${r.errors}, timeouts ${r.timeouts})`);
  }
  return {
    connections,
    requests: latencies.length,
    wallS,
    reqPerS: latencies.length / wallS,
    latencyMs: {
      p50: percentile(latencies, 0.5),
      p95: percentile(latencies, 0.95),
      p99: percentile(latencies, 0.99),
      max: latencies.reduce((a, b) => Math.max(a, b), 0),
      mean: latencies.reduce((a, b) => a + b, 0) / latencies.length,
    },
    autocannonMs: { p50: r.latency.p50, p90: r.latency.p90, p97_5: r.latency.p97_5, p99: r.latency.p99 },
    status,
    errors: r.errors,
    timeouts: r.timeouts,
    bytes: r.throughput.total,
  };
}
