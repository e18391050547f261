// The reference of bench:public (issue 17): a bare node:http server answering
// the very bytes Sitewatch sent, from memory, with their Content-Type and
// Content-Length and nothing else: as fast as Node serves anything on this
// machine. `node scripts/bench/bare-server.mjs MANIFEST.json` (path → {file, type}).
import fs from "node:fs";
import http from "node:http";

const manifest = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const bodies = new Map(Object.entries(manifest).map(([p, m]) => [p, { body: fs.readFileSync(m.file), type: m.type }]));
const server = http.createServer((req, res) => {
  const hit = bodies.get(req.url);
  if (!hit) {
    res.writeHead(404);
    res.end();
    return;
  }
  res.writeHead(200, { "content-type": hit.type, "content-length": hit.body.length });
  res.end(hit.body);
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT), process.env.HOST ?? "127.0.0.1", () => console.log(`bare reference ready on ${process.env.PORT}`));
