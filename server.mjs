// Sitewatch's HTTP server: Next.js behind a thin Node server, so that the
// client's address comes from the socket (for per-address sign-in throttling)
// and cannot be forged with a header. `node server.mjs [--dev]`.
import http from "node:http";
import next from "next";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? "0.0.0.0";
const trustProxy = process.env.SITEWATCH_TRUST_PROXY === "1";

const app = next({ dev, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

http
  .createServer((req, res) => {
    let ip = req.socket.remoteAddress ?? "unknown";
    if (trustProxy) {
      const forwarded = String(req.headers["x-forwarded-for"] ?? "").split(",").map((s) => s.trim()).filter(Boolean);
      if (forwarded.length) ip = forwarded[forwarded.length - 1];
    }
    req.headers["x-sitewatch-client-ip"] = ip;
    handle(req, res);
  })
  .listen(port, hostname, () => {
    console.log(`Sitewatch ready on http://localhost:${port}`);
  });
