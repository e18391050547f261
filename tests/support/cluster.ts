// Sitewatch scaled out on one machine, for the cluster test and bench:scale-web:
// one PostgreSQL database (migrated, optionally seeded with the demo), one S3
// endpoint (s3rver), N web instances (`node server.mjs` behind a proxy they
// trust) and M workers (`sitewatch worker`), each process with a data folder of
// its own (so nothing can pass between them on the local disk), and nginx from
// Debian in front as the load balancer (round robin, as a deployment would run
// it; docs/deploy.md). Everything runs as children of this process in one
// temporary folder, and stop() ends them all and drops the database, also when
// starting failed half-way.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "../../scripts/free-port";
import { ROOT } from "../setup/paths";
import { CREATE_DB_OPTIONS, onPgServer, pgDatabaseUrl, TEST_PG_URL } from "../setup/postgres";
import { startS3Server, type S3TestServer } from "./s3-server";
import { startProcess, type StartedProcess } from "./start-process";

const NGINX = "/usr/sbin/nginx";
/** The response header nginx adds: which web instance answered ("127.0.0.1:PORT"). */
export const UPSTREAM_HEADER = "x-sitewatch-upstream";
/** A cluster database older than this was left by a run that died (the db-postgres set-up drops it too: same prefix). */
const LEFT_OVER_MS = 6 * 3600 * 1000;

export interface ClusterOptions {
  webInstances: number;
  workers: number;
  /** Seed the demo (accounts, the Olinda site and its published release) through lib code, before any server starts. */
  seed?: boolean;
  /** nginx worker processes (1 by default; "auto" for one per core). */
  nginxWorkers?: number | "auto";
  /** nginx access log on (the test reads which instance answered from it); off for benchmarks. */
  accessLog?: boolean;
  /** More environment for every Sitewatch process. */
  env?: Record<string, string>;
}

export interface WebInstance {
  /** "127.0.0.1:PORT", as nginx names it in UPSTREAM_HEADER. */
  address: string;
  /** Its own address, bypassing nginx (tests only: the point is that clients never need it). */
  url: string;
  process: StartedProcess;
  dataDir: string;
}

export interface WorkerProcess {
  process: StartedProcess;
  dataDir: string;
  /** Its database connections' application_name, to see whether it is inside a transaction. */
  applicationName: string;
  /** Output so far. */
  log(): string;
}

export interface Cluster {
  /** nginx: the only address a client needs. */
  baseUrl: string;
  databaseUrl: string;
  s3: S3TestServer;
  web: WebInstance[];
  workers: WorkerProcess[];
  /** The folder holding the nginx config and logs and every process's data folder. */
  dir: string;
  /** A query on the cluster's database (read-only by convention: tests look, the app writes). */
  query<T extends pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<T[]>;
  /**
   * Stops a worker (SIGSTOP) at a moment it holds no database transaction
   * (a stopped worker inside one would hold the write lock, and every other
   * process would wait for it); resumeWorker lets it go on.
   */
  pauseWorker(index: number): Promise<void>;
  resumeWorker(index: number): void;
  /**
   * Balances over the first `count` web instances only (the others stay up,
   * idle): nginx rereads its config (SIGHUP) without dropping a connection.
   * Resolves once answers come from exactly those instances.
   */
  setUpstreams(count: number): Promise<void>;
  /** nginx's master process (its workers are its children). */
  nginxPid: number;
  /** Everything the processes printed, and nginx's error log, for a failure message. */
  logs(): string;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs a command to its end from the project root; throws with its output when it fails. */
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, what: string): void {
  const r = spawnSync(cmd, args, { cwd: ROOT, env, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
}

/** The environment every Sitewatch process of the cluster shares: none of this process's own Sitewatch, AWS or database settings. */
function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(SITEWATCH_|AWS_|DATABASE_URL$|PORT$|HOST$)/.test(k)) env[k] = v;
  return { ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ...extra };
}

function withApplicationName(url: string, name: string): string {
  const u = new URL(url);
  u.searchParams.set("application_name", name);
  return u.toString();
}

function nginxConfig(args: { dir: string; port: number; upstreams: string[]; workers: number | "auto"; accessLog: boolean }): string {
  const { dir } = args;
  // Run as root (CI, containers), nginx's workers would switch to an unprivileged
  // user that cannot write this private folder (its body and proxy buffers).
  const user = process.getuid?.() === 0 ? "user root;\n" : "";
  return `${user}worker_processes ${args.workers};
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log warn;
events { worker_connections 4096; }
http {
  client_body_temp_path ${dir}/nginx-tmp/body;
  proxy_temp_path ${dir}/nginx-tmp/proxy;
  fastcgi_temp_path ${dir}/nginx-tmp/fastcgi;
  uwsgi_temp_path ${dir}/nginx-tmp/uwsgi;
  scgi_temp_path ${dir}/nginx-tmp/scgi;
  log_format upstream '$remote_addr "$request" $status $body_bytes_sent upstream=$upstream_addr $upstream_status $request_time';
  access_log ${args.accessLog ? `${dir}/nginx-access.log upstream` : "off"};
  upstream sitewatch {
${args.upstreams.map((u) => `    server ${u};`).join("\n")}
    keepalive 64;
  }
  server {
    listen 127.0.0.1:${args.port};
    # Uploads of whole scenes: Sitewatch enforces its own limit (413); nginx none.
    client_max_body_size 0;
    location / {
      proxy_pass http://sitewatch;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      # server.mjs (SITEWATCH_TRUST_PROXY=1) takes the last entry of each: the one nginx wrote.
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Host $http_host;
      # Stream uploads to the instance as they arrive (it hashes and limits them itself).
      proxy_request_buffering off;
      proxy_read_timeout 300s;
      proxy_send_timeout 300s;
      add_header ${UPSTREAM_HEADER} $upstream_addr always;
    }
  }
}
`;
}

async function waitForPort(port: number, timeoutMs: number, exited: () => string | null): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, "127.0.0.1");
      s.once("connect", () => (s.destroy(), resolve(true)));
      s.once("error", () => resolve(false));
    });
    if (ok) return;
    const why = exited();
    if (why) throw new Error(why);
    if (Date.now() > until) throw new Error(`nothing listens on port ${port} after ${timeoutMs / 1000} s`);
    await sleep(100);
  }
}

/** Drops cluster databases left by runs that died. */
async function dropLeftOvers(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'sw\\_test\\_f\\_%\\_cluster\\_%'");
  for (const { datname } of rows) {
    const started = Number(/^sw_test_f_(\d+)_cluster_/.exec(datname)?.[1]);
    if (Number.isFinite(started) && Date.now() - started > LEFT_OVER_MS) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sitewatch-cluster-"));
  // The db-postgres set-up's prefix (sw_test_f_<ms>_…), so its clean-up of dead runs covers these too.
  const dbName = `sw_test_f_${Date.now()}_cluster_${process.pid}`;
  const databaseUrl = pgDatabaseUrl(dbName);
  const children: ChildProcess[] = [];
  const web: WebInstance[] = [];
  const workers: WorkerProcess[] = [];
  let s3: S3TestServer | null = null;
  let nginx: ChildProcess | null = null;
  let client: pg.Client | null = null;
  let dbCreated = false;
  const paused = new Set<number>();
  const killAll = () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  };
  // If the test process itself goes (a crash, Ctrl-C), its children go with it.
  process.on("exit", killAll);

  const logs = () =>
    [
      ...web.map((w, i) => `--- web ${i} (${w.address}) ---\n${w.process.log.join("")}`),
      ...workers.map((w, i) => `--- worker ${i} ---\n${w.log()}`),
      `--- nginx error log ---\n${fs.existsSync(path.join(dir, "nginx-error.log")) ? fs.readFileSync(path.join(dir, "nginx-error.log"), "utf8") : ""}`,
    ].join("\n");

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      const ends: Promise<unknown>[] = [];
      const end = (child: ChildProcess, signal: NodeJS.Signals) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        ends.push(
          new Promise<void>((resolve) => {
            const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
            child.once("exit", () => (clearTimeout(timer), resolve()));
          }),
        );
        child.kill(signal);
      };
      // The load balancer first (no new requests), then the web instances and workers.
      if (nginx) end(nginx, "SIGTERM");
      for (const w of web) end(w.process.child, "SIGTERM");
      for (const w of workers) {
        w.process.child.kill("SIGCONT");
        end(w.process.child, "SIGTERM");
      }
      await Promise.all(ends);
      await client?.end().catch(() => undefined);
      await s3?.stop().catch(() => undefined);
      if (dbCreated) await onPgServer([`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`]).catch(() => undefined);
      process.off("exit", killAll);
      if (!process.env.SITEWATCH_CLUSTER_KEEP) fs.rmSync(dir, { recursive: true, force: true });
    })());

  try {
    const admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    try {
      await dropLeftOvers(admin);
      await admin.query(`CREATE DATABASE "${dbName}" ${CREATE_DB_OPTIONS} TEMPLATE template0`);
      dbCreated = true;
    } finally {
      await admin.end();
    }
    s3 = await startS3Server();
    // One database, one bucket and one release-signing keyring for every process, as in a deployment (docs/deploy.md).
    const shared = { DATABASE_URL: databaseUrl, ...s3.env, SITEWATCH_KEYS_DIR: path.join(dir, "keys"), SITEWATCH_WORKER_GRACE_MS: "2000", ...options.env };
    const toolEnv = baseEnv({ ...shared, SITEWATCH_DATA_DIR: path.join(dir, "tools") });
    run(path.join(ROOT, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], toolEnv, "migrating the cluster database");
    run(process.execPath, [path.join(ROOT, "bin", "sitewatch.mjs"), "keys", "init"], toolEnv, "making the cluster's release-signing key");
    if (options.seed) run(path.join(ROOT, "node_modules", ".bin", "tsx"), ["prisma/seed.ts"], toolEnv, "seeding the demo into the cluster");

    const started = await Promise.all(
      Array.from({ length: options.webInstances }, async (_, i) => {
        const port = await freePort();
        const dataDir = path.join(dir, `web-${i}`);
        fs.mkdirSync(dataDir, { recursive: true });
        const p = await startProcess({
          what: `web instance ${i}`,
          argv: ["server.mjs"],
          env: baseEnv({
            ...shared,
            DATABASE_URL: withApplicationName(databaseUrl, `sitewatch-web-${i}`),
            SITEWATCH_DATA_DIR: dataDir,
            SITEWATCH_TRUST_PROXY: "1",
            PORT: String(port),
            HOST: "127.0.0.1",
          }),
          ready: "ready on",
          timeoutMs: 180_000,
        });
        children.push(p.child);
        return { address: `127.0.0.1:${port}`, url: `http://127.0.0.1:${port}`, process: p, dataDir };
      }),
    );
    web.push(...started);
    for (let i = 0; i < options.workers; i++) {
      const dataDir = path.join(dir, `worker-${i}`);
      fs.mkdirSync(dataDir, { recursive: true });
      const applicationName = `sitewatch-worker-${i}`;
      const p = await startProcess({
        what: `worker ${i}`,
        argv: ["bin/sitewatch.mjs", "worker", "--concurrency", "1"],
        env: baseEnv({ ...shared, DATABASE_URL: withApplicationName(databaseUrl, applicationName), SITEWATCH_DATA_DIR: dataDir }),
        ready: " ready ",
        timeoutMs: 120_000,
      });
      children.push(p.child);
      workers.push({ process: p, dataDir, applicationName, log: () => p.log.join("") });
    }

    const port = await freePort();
    fs.mkdirSync(path.join(dir, "nginx-tmp"), { recursive: true });
    const writeConfig = (upstreams: WebInstance[]) =>
      fs.writeFileSync(
        path.join(dir, "nginx.conf"),
        nginxConfig({ dir, port, upstreams: upstreams.map((w) => w.address), workers: options.nginxWorkers ?? 1, accessLog: options.accessLog ?? true }),
      );
    writeConfig(web);
    // -e: the error log before the config is read (else the compiled-in /var/log/nginx/error.log).
    const lb = spawn(NGINX, ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-e", path.join(dir, "nginx-error.log"), "-g", "daemon off;"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    nginx = lb;
    children.push(lb);
    let nginxOut = "";
    lb.stdout!.on("data", (d: Buffer) => (nginxOut += d.toString()));
    lb.stderr!.on("data", (d: Buffer) => (nginxOut += d.toString()));
    await waitForPort(port, 30_000, () =>
      lb.exitCode !== null || lb.signalCode !== null
        ? `nginx exited (${lb.exitCode ?? lb.signalCode}): ${nginxOut}${fs.existsSync(path.join(dir, "nginx-error.log")) ? fs.readFileSync(path.join(dir, "nginx-error.log"), "utf8") : ""}`
        : null,
    );

    client = new pg.Client({ connectionString: withApplicationName(databaseUrl, "sitewatch-cluster-test") });
    await client.connect();
    const db = client;

    const cluster: Cluster = {
      baseUrl: `http://127.0.0.1:${port}`,
      databaseUrl,
      s3,
      web,
      workers,
      dir,
      async query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) {
        return (await db.query<T>(sql, params)).rows;
      },
      async pauseWorker(index) {
        const w = workers[index]!;
        for (let attempt = 0; attempt < 50; attempt++) {
          w.process.child.kill("SIGSTOP");
          paused.add(index);
          // A statement it sent just before it stopped may still be on its way to the server.
          await sleep(150);
          const { rows } = await db.query<{ busy: number }>("SELECT count(*)::int AS busy FROM pg_stat_activity WHERE application_name = $1 AND state IS DISTINCT FROM 'idle'", [
            w.applicationName,
          ]);
          if (rows[0]!.busy === 0) return;
          cluster.resumeWorker(index);
          await sleep(20 + Math.random() * 80);
        }
        throw new Error(`could not stop worker ${index} outside a database transaction`);
      },
      resumeWorker(index) {
        if (!paused.delete(index)) return;
        workers[index]!.process.child.kill("SIGCONT");
      },
      async setUpstreams(count) {
        const wanted = web.slice(0, count);
        writeConfig(wanted);
        lb.kill("SIGHUP");
        const want = wanted.map((w) => w.address).sort();
        // Old workers finish their keep-alive requests; new ones use the new list. Wait until only the new list answers.
        for (let tries = 0; ; tries++) {
          const seen = new Set<string>();
          for (let i = 0; i < 4 * count; i++) {
            const r = await fetch(`http://127.0.0.1:${port}/api/public/sites`, { headers: { connection: "close" } });
            await r.arrayBuffer();
            seen.add(r.headers.get(UPSTREAM_HEADER) ?? "");
          }
          if (JSON.stringify([...seen].sort()) === JSON.stringify(want)) return;
          if (tries > 50) throw new Error(`nginx still answers from ${[...seen].join(", ")}, not ${want.join(", ")}`);
          await sleep(200);
        }
      },
      nginxPid: lb.pid!,
      logs,
      stop,
    };
    return cluster;
  } catch (e) {
    const detail = web.length || workers.length ? `\n${logs()}` : "";
    await stop();
    throw new Error(`${(e as Error).message}${detail}`, { cause: e });
  }
}
