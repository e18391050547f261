// Trusted timestamps (issue 18, optional): with SITEWATCH_TSA_URL set, a
// release's signature is timestamped by an RFC 3161 authority right after
// publishing — here a local authority made with `openssl ts` behind a small
// HTTP server — the reply is kept and archived, `sitewatch verify` checks it is
// a granted timestamp of that signature, and `openssl ts -verify` checks the
// authority's signature on it with the authority's certificate.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { unzipSync, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/lib/auth/session.server";
import { db } from "@/lib/db.server";
import { exportReleaseArchive } from "@/lib/evidence/export-release-archive.server";
import { activeSigner, publicKeys } from "@/lib/evidence/keyring.server";
import { manifestText, verifyArchive } from "@/lib/evidence/release-archive";
import { sha256Hex, signBytes } from "@/lib/evidence/signing";
import { publishRelease } from "@/lib/releases/publish-release.server";
import { createAnnotationIn, createSiteWithScenes, createUser } from "../factories";

const work = () => path.join(process.env.SITEWATCH_DATA_DIR!, "tsa");
const openssl = (args: string[]) => execFileSync("openssl", args, { cwd: work(), stdio: ["ignore", "pipe", "pipe"] });
let tsa: http.Server;
let requests = 0;

/** A root CA and a timestamping certificate under it, and `openssl ts -reply` behind HTTP. */
async function startAuthority(): Promise<string> {
  fs.mkdirSync(work(), { recursive: true });
  fs.writeFileSync(
    path.join(work(), "tsa.cnf"),
    `[ req ]\ndistinguished_name = dn\nprompt = no\n[ dn ]\nCN = Sitewatch test TSA\n[ tsa_ext ]\nbasicConstraints = CA:FALSE\nkeyUsage = critical, digitalSignature\nextendedKeyUsage = critical, timeStamping\n[ tsa ]\ndefault_tsa = tsa_config\n[ tsa_config ]\nserial = ./serial\nsigner_digest = sha256\ndefault_policy = 1.2.3.4.1\ndigests = sha256\naccuracy = secs:1\ness_cert_id_alg = sha256\ness_cert_id_chain = no\n`,
  );
  fs.writeFileSync(path.join(work(), "serial"), "01\n");
  openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "30", "-subj", "/CN=Sitewatch test TSA root"]);
  openssl(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "tsa.key", "-out", "tsa.csr", "-config", "tsa.cnf"]);
  openssl([
    "x509",
    "-req",
    "-in",
    "tsa.csr",
    "-CA",
    "ca.crt",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-out",
    "tsa.crt",
    "-days",
    "30",
    "-extfile",
    "tsa.cnf",
    "-extensions",
    "tsa_ext",
  ]);
  tsa = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      requests++;
      const query = path.join(work(), `q${requests}.tsq`);
      const reply = path.join(work(), `r${requests}.tsr`);
      fs.writeFileSync(query, Buffer.concat(chunks));
      const r = spawnSync("openssl", ["ts", "-reply", "-queryfile", query, "-inkey", "tsa.key", "-signer", "tsa.crt", "-out", reply, "-config", "tsa.cnf"], { cwd: work() });
      if (r.status !== 0) return void res.writeHead(500).end();
      res.writeHead(200, { "Content-Type": "application/timestamp-reply" }).end(fs.readFileSync(reply));
    });
  });
  await new Promise<void>((resolve) => tsa.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(tsa.address() as AddressInfo).port}/tsa`;
}

let editor2: SessionUser;
let slug = "";
let zip: Uint8Array;

beforeAll(async () => {
  const analyst = await createUser("ANALYST", "Ana Analyst");
  const editor = await createUser("EDITOR", "Eli Editor");
  editor2 = await createUser("EDITOR", "Erin Editor");
  const ctx = await createSiteWithScenes(analyst);
  slug = ctx.site.slug;
  await createAnnotationIn("APPROVED", { siteId: ctx.site.id, author: analyst, reviewer: editor, scenes: { before: ctx.before, after: ctx.after } });
  process.env.SITEWATCH_TSA_URL = await startAuthority();
  await publishRelease({ siteId: ctx.site.id, actor: editor2, input: { note: "Timestamped" } });
  zip = (await exportReleaseArchive({ slug, number: 1, origin: "https://sitewatch.example.org" })).bytes;
});

afterAll(() => {
  delete process.env.SITEWATCH_TSA_URL;
  tsa?.close();
});

describe("a timestamped release", () => {
  it("keeps the authority's reply and archives it beside the signature", async () => {
    expect(requests).toBe(1);
    const release = await db.release.findFirstOrThrow({ where: { site: { slug } } });
    const stamp = await db.releaseTimestamp.findUniqueOrThrow({ where: { releaseId: release.id } });
    expect(stamp.tsaUrl).toBe(process.env.SITEWATCH_TSA_URL);
    expect(Buffer.compare(Buffer.from(unzipSync(zip)["release-signature.tsr"]!), Buffer.from(stamp.reply))).toBe(0);
  });

  it("verifies: sitewatch verify sees a granted timestamp of this signature, openssl ts -verify the authority's signature", () => {
    const report = verifyArchive(
      zip,
      publicKeys().map((k) => ({ id: k.id, publicKeyPem: k.publicKeyPem })),
    );
    expect(report.ok).toBe(true);
    expect(report.checked.join("\n")).toMatch(/timestamped by an RFC 3161 authority/);
    const files = unzipSync(zip);
    for (const name of ["release-signature.sig", "release-signature.tsr"]) fs.writeFileSync(path.join(work(), name), files[name]!);
    const out = openssl(["ts", "-verify", "-data", "release-signature.sig", "-in", "release-signature.tsr", "-CAfile", "ca.crt", "-untrusted", "tsa.crt"]).toString();
    expect(out).toMatch(/Verification: OK/);
  });

  it("names a timestamp of something else, even in a manifest signed with the right key", () => {
    const { keyId, privateKey } = activeSigner();
    const files: Record<string, Uint8Array> = unzipSync(zip);
    // The reply the authority gave for another query: a real timestamp, of another digest.
    openssl(["ts", "-query", "-data", "serial", "-sha256", "-cert", "-out", "other.tsq"]);
    openssl(["ts", "-reply", "-queryfile", "other.tsq", "-inkey", "tsa.key", "-signer", "tsa.crt", "-out", "other.tsr", "-config", "tsa.cnf"]);
    files["release-signature.tsr"] = fs.readFileSync(path.join(work(), "other.tsr"));
    const list = Object.entries(files)
      .filter(([p]) => p !== "manifest.json" && p !== "manifest.sig")
      .map(([p, b]) => ({ path: p, sha256: sha256Hex(b), bytes: b.length }));
    const manifest = manifestText({ site: slug, release: 1, keyId, files: list });
    files["manifest.json"] = Buffer.from(manifest);
    files["manifest.sig"] = Buffer.from(signBytes(privateKey, manifest), "base64");
    const report = verifyArchive(zipSync(files as Parameters<typeof zipSync>[0]), [{ id: keyId, publicKeyPem: publicKeys().find((k) => k.id === keyId)!.publicKeyPem }]);
    expect(report.problem).toBe("release-signature.tsr: the timestamp is not of this signature");
  });
});
