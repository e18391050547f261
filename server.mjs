// Sitewatch's HTTP server: Next.js behind a thin Node server, so that the
// client's address comes from the socket (for per-address sign-in throttling)
// and cannot be forged with a header. `node server.mjs [--dev]`.
import { spawnSync } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";

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

// What a process that died left in the store (an upload cut off by a killed
// server) goes before this server takes uploads; a live process's files stay.
const sweep = spawnSync(process.execPath, [path.join(path.dirname(fileURLToPath(import.meta.url)), "bin", "sitewatch.mjs"), "store", "sweep"], { encoding: "utf8" });
if (sweep.status !== 0) console.error(`sitewatch: sweeping the store at start failed: ${sweep.stderr.trim()}`);
else if (!sweep.stdout.startsWith("removed 0 temp file(s) and 0 staged")) console.log(`sitewatch: ${sweep.stdout.trim()}`);

const app = next({ dev, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((req, res) => {
  let ip = req.socket.remoteAddress ?? "unknown";
  if (trustProxy) {
    const forwarded = String(req.headers["x-forwarded-for"] ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    if (forwarded.length) ip = forwarded[forwarded.length - 1];
  }
  req.headers["x-sitewatch-client-ip"] = ip;
  restoreContentLength(res);
  handle(req, res);
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
