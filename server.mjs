// Sitewatch's HTTP server: Next.js behind a thin Node server, so that the
// client's address and scheme come from the socket (for per-address sign-in
// throttling, the session cookie's Secure flag and the Origin check) and cannot
// be forged with a header; behind SITEWATCH_TRUST_PROXY=1 they come from the
// proxy's X-Forwarded-For/-Proto. `node server.mjs [--dev]`.
import { spawnSync } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { tsImport } from "tsx/esm/api";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? "0.0.0.0";
const trustProxy = process.env.SITEWATCH_TRUST_PROXY === "1";

// Next.js sends route-handler bodies chunked and drops Content-Length, which
// HTTP Range clients (GDAL, geotiff.js) rely on. A handler that knows its
// exact length says so in this internal header; it becomes the real one here.
const LENGTH_HEADER = "x-sitewatch-content-length";
function restoreContentLength(res) {
  const writeHead = res.writeHead;
  res.writeHead = function (statusCode, ...rest) {
    const length = this.getHeader(LENGTH_HEADER);
    if (length !== undefined) {
      this.removeHeader(LENGTH_HEADER);
      this.removeHeader("transfer-encoding");
      this.setHeader("content-length", String(length));
    }
    return writeHead.call(this, statusCode, ...rest);
  };
}

const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), "bin", "sitewatch.mjs");

// Bad configuration (no database, PostgreSQL unreachable, PostGIS missing,
// migrations not applied, a bucket that does not exist, credentials refused)
// is one line now, not a stack trace in the middle of a request.
const check = spawnSync(process.execPath, [cli, "check"], { encoding: "utf8" });
if (check.status !== 0) {
  process.stderr.write(check.stderr.trim() ? `${check.stderr.trim()}\n` : `sitewatch: the start-up check failed (exit ${check.status})\n`);
  process.exit(1);
}

// What a process that died left in the store (an upload cut off by a killed
// server) goes before this server takes uploads; a live process's files stay.
const sweep = spawnSync(process.execPath, [cli, "store", "sweep"], { encoding: "utf8" });
if (sweep.status !== 0) console.error(`sitewatch: sweeping the store at start failed: ${sweep.stderr.trim()}`);
else if (!sweep.stdout.startsWith("removed 0 temp file(s) and 0 staged")) console.log(`sitewatch: ${sweep.stdout.trim()}`);

// Public responses kept in memory and answered before the router, and every page's script policy (lib/http/front-door.ts).
// Not in development: the framework's hot reload needs scripts no policy lists.
const { createFrontDoor } = await tsImport("./lib/http/front-door.ts", import.meta.url);
const frontDoor = dev ? null : createFrontDoor({ maxBytes: Number(process.env.SITEWATCH_FAST_PATH_MB ?? 256) * 1024 * 1024 });

const app = next({ dev, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

/** The last entry of a comma-separated forwarded header: the one our own (trusted) proxy wrote. */
function lastForwarded(value) {
  const entries = String(value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return entries.length ? entries[entries.length - 1] : undefined;
}

const server = http.createServer((req, res) => {
  let ip = req.socket.remoteAddress ?? "unknown";
  // The scheme the client used: TLS on this socket, or what a trusted proxy says.
  let proto = req.socket.encrypted ? "https" : "http";
  if (trustProxy) {
    ip = lastForwarded(req.headers["x-forwarded-for"]) ?? ip;
    const forwardedProto = lastForwarded(req.headers["x-forwarded-proto"])?.toLowerCase();
    if (forwardedProto === "https" || forwardedProto === "http") proto = forwardedProto;
    req.headers["x-forwarded-proto"] = proto;
  } else {
    // Not behind a proxy we trust: whatever a client claims about itself is dropped,
    // so Next.js (which builds request.url from X-Forwarded-Proto) sees the real connection.
    for (const name of ["x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port", "forwarded"]) delete req.headers[name];
  }
  req.headers["x-sitewatch-client-ip"] = ip;
  req.headers["x-sitewatch-client-proto"] = proto;
  restoreContentLength(res);
  if (!frontDoor) return void handle(req, res);
  const host = (trustProxy && lastForwarded(req.headers["x-forwarded-host"])) || req.headers.host || "localhost";
  frontDoor(req, res, { origin: `${proto}://${host}` }, () => handle(req, res)).catch((e) => {
    console.error(`sitewatch: ${e?.stack ?? e}`);
    if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
    res.end();
  });
});
// An idle keep-alive connection is closed by the client or the load balancer (nginx keeps upstream connections 60 s),
// not by this server: Node's default of 5 s closes sockets under clients that are about to reuse them, and the
// request they send at that moment is lost (ECONNRESET; a POST is not retried).
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
// A connection closed after an early answer (a 413 to a body this server will not read) is half-closed and then
// left for a moment before it is closed for good (RFC 9112 §9.6, "lingering close"): closed at once while the client
// is still sending, the client's system would get a reset and throw our answer away before the client read it.
const LINGER_MS = 2_000;
server.on("connection", (socket) => {
  socket.destroySoon = function lingeringClose() {
    if (this.writable) this.end();
    const timer = setTimeout(() => this.destroy(), LINGER_MS).unref();
    this.once("close", () => clearTimeout(timer));
  };
});
server.on("error", (e) => {
  console.error(e.code === "EADDRINUSE" ? `sitewatch: port ${port} is already in use; stop the other server or set PORT=…` : `sitewatch: ${e.message}`);
  process.exit(1);
});
// Started by `npm run demo`: stop with it, even if it was killed without a word (this process is then adopted by init).
if (process.env.SITEWATCH_EXIT_WITH_PARENT === "1") {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) {
      console.error("sitewatch: the process that started this server is gone: stopping");
      process.exit(0);
    }
  }, 1000).unref();
}
process.stdout.on("error", () => undefined);

server.listen(port, hostname, () => {
  console.log(`Sitewatch ready on http://localhost:${port}`);
});
