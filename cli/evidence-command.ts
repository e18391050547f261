// The evidence commands: the release-signing keys (`keys init|rotate|list`),
// the tamper-evident record (`audit verify`), a release's archive (`release
// export`) and its check by anyone (`verify`, which needs no database).
import fs from "node:fs";
import { z } from "zod";
import { DomainError } from "@/lib/errors";
import { verifyArchive, type TrustedKey } from "@/lib/evidence/release-archive";
import { keyIdOf } from "@/lib/evidence/signing";
import { parse, UsageError } from "./args";

export async function runKeys(args: string[]): Promise<void> {
  const { values, positionals } = parse(args, { json: { type: "boolean" } });
  const keyring = await import("@/lib/evidence/keyring.server");
  const dir = keyring.keysDir();
  switch (positionals[0]) {
    case "init": {
      const r = keyring.initKeyring();
      console.log(
        values.json
          ? JSON.stringify({ ...r, dir })
          : r.created
            ? `created release-signing key ${r.keyId} in ${dir}`
            : `a release-signing key already exists (${r.keyId} in ${dir}); kept it`,
      );
      return;
    }
    case "rotate": {
      const r = keyring.rotateKeyring();
      console.log(
        values.json
          ? JSON.stringify({ ...r, dir })
          : `new release-signing key ${r.keyId}; ${r.retired} retired (its public key stays published, so the releases it signed still verify)`,
      );
      return;
    }
    case "list": {
      const keys = keyring.publicKeys();
      if (values.json) console.log(JSON.stringify(keys));
      else if (keys.length === 0) console.log(`no release-signing key in ${dir} (run sitewatch keys init)`);
      else for (const k of keys) console.log(`${k.id}  ${k.retiredAt ? `retired ${k.retiredAt}` : "active"}  created ${k.createdAt}`);
      return;
    }
    default:
      throw new UsageError(`unknown keys command "${positionals.join(" ")}"`);
  }
}

export async function runAudit(args: string[]): Promise<void> {
  const { values, positionals } = parse(args, { json: { type: "boolean" } });
  if (positionals[0] !== "verify" || positionals.length > 1) throw new UsageError(`unknown audit command "${positionals.join(" ")}"`);
  const { auditChains } = await import("@/lib/evidence/audit-chains.server");
  const report = await auditChains();
  if (values.json) console.log(JSON.stringify(report));
  else {
    const links = report.sites.reduce((n, s) => n + s.links, 0);
    for (const s of report.sites.filter((x) => x.problem)) console.log(`${s.slug}: BROKEN: ${s.problem}`);
    console.log(
      `${report.ok ? "intact" : "BROKEN"}: ${report.sites.length} site(s), ${links} linked event(s)${report.earlierEvents ? `, ${report.earlierEvents} written before the chain (fixed by their site's first link)` : ""}`,
    );
  }
  if (!report.ok) {
    const first = report.sites.find((s) => s.problem)!;
    process.stderr.write(`sitewatch: the review record of ${first.slug} is broken: ${first.problem}\n`);
    process.exitCode = 1;
  }
}

export async function runRelease(args: string[]): Promise<void> {
  const { values, positionals } = parse(args, { origin: { type: "string" } });
  const [verb, slug, n, out] = positionals;
  if (verb === "timestamp") return timestampCommand(slug, n, positionals.length);
  if (verb !== "export" || !slug || !n || !out || positionals.length !== 4) throw new UsageError("usage: sitewatch release export SLUG N OUT.zip [--origin URL]");
  const number = z.coerce.number().int().positive().safeParse(n);
  if (!number.success) throw new UsageError(`"${n}" is not a release number`);
  const origin = (values.origin ?? process.env.SITEWATCH_PUBLIC_ORIGIN ?? "http://localhost:3000").replace(/\/$/, "");
  const { exportReleaseArchive } = await import("@/lib/evidence/export-release-archive.server");
  const archive = await exportReleaseArchive({ slug, number: number.data, origin });
  // Written whole beside the target and renamed: never a half-written archive under the name asked for.
  const tmp = `${out}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, archive.bytes);
  fs.renameSync(tmp, out);
  console.log(`wrote ${out} (${archive.bytes.length} bytes)`);
}

async function timestampCommand(slug: string | undefined, n: string | undefined, count: number): Promise<void> {
  if (!slug || !n || count !== 3) throw new UsageError("usage: sitewatch release timestamp SLUG N");
  const number = z.coerce.number().int().positive().safeParse(n);
  if (!number.success) throw new UsageError(`"${n}" is not a release number`);
  const { db } = await import("@/lib/db.server");
  const release = await db.release.findFirst({ where: { number: number.data, site: { slug } }, select: { id: true } });
  if (!release) throw new DomainError("not_found", `no release ${n} of "${slug}"`);
  const { timestampRelease } = await import("@/lib/evidence/timestamp-release.server");
  const stamp = await timestampRelease({ releaseId: release.id });
  console.log(`release ${n} of ${slug} is timestamped by ${stamp.tsaUrl} (${stamp.bytes}-byte reply kept)`);
}

/** Keys to trust: a PEM public key, or a keys document (/.well-known/sitewatch-keys.json or an archive's keys.json). */
function trustedKeysFrom(text: string, where: string): TrustedKey[] {
  if (text.includes("-----BEGIN PUBLIC KEY-----") && !text.trimStart().startsWith("{")) {
    try {
      return [{ id: keyIdOf(text), publicKeyPem: text }];
    } catch {
      throw new DomainError("bad_input", `${where} is not a public key`);
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new DomainError("bad_input", `${where} is neither a PEM public key nor a Sitewatch keys document`);
  }
  const doc = z.object({ keys: z.array(z.object({ id: z.string(), publicKeyPem: z.string() })) }).safeParse(json);
  if (!doc.success) throw new DomainError("bad_input", `${where} is neither a PEM public key nor a Sitewatch keys document`);
  // A key is trusted under its own id, never under the id a document claims for it.
  return doc.data.keys.map((k) => ({ id: keyIdOf(k.publicKeyPem), publicKeyPem: k.publicKeyPem }));
}

export async function runVerify(args: string[]): Promise<void> {
  const { values, positionals } = parse(args, { key: { type: "string" }, "keys-url": { type: "string" }, json: { type: "boolean" } });
  const [file] = positionals;
  if (!file || positionals.length !== 1) throw new UsageError("usage: sitewatch verify ARCHIVE.zip [--key KEYFILE | --keys-url URL]");
  if (values.key && values["keys-url"]) throw new UsageError("give --key or --keys-url, not both");
  const zip = (() => {
    try {
      return fs.readFileSync(file);
    } catch (e) {
      throw new DomainError("bad_input", `cannot read ${file} (${(e as NodeJS.ErrnoException).code})`);
    }
  })();
  let keys: TrustedKey[];
  let source: string;
  if (values.key) {
    keys = trustedKeysFrom(fs.readFileSync(values.key, "utf8"), values.key);
    source = values.key;
  } else if (values["keys-url"]) {
    const r = await fetch(values["keys-url"]).catch((e: Error) => {
      throw new DomainError("bad_input", `cannot fetch ${values["keys-url"]} (${e.message})`);
    });
    if (!r.ok) throw new DomainError("bad_input", `${values["keys-url"]} answered ${r.status}`);
    keys = trustedKeysFrom(await r.text(), values["keys-url"]);
    source = values["keys-url"];
  } else {
    // Without a key from elsewhere, the archive's own keys are used: that shows the archive is whole, not who made it.
    const { unzipSync } = await import("fflate");
    const inside = unzipSync(zip, { filter: (f) => f.name === "keys.json" })["keys.json"];
    keys = inside ? trustedKeysFrom(Buffer.from(inside).toString("utf8"), "the archive's keys.json") : [];
    source = "the archive's own keys.json (compare its key id with one the publisher gives you elsewhere)";
  }
  const report = verifyArchive(zip, keys);
  if (values.json) console.log(JSON.stringify({ ...report, keysFrom: source }));
  else {
    for (const line of report.checked) console.log(`ok: ${line}`);
    console.log(report.ok ? `VALID (keys from ${source})` : `INVALID: ${report.problem}`);
  }
  if (!report.ok) process.exitCode = 1;
}
