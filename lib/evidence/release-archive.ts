// A release archive: everything behind one published release, in a zip that
// anyone can check offline without trusting the publisher's server — with
// `sitewatch verify` or with sha256sum and openssl alone (docs/verify.md).
// Pure: the files are given; this module lays them out, writes the manifest,
// packs them byte-identically every time, and checks an archive.
import { unzipSync, zipSync } from "fflate";
import { createHash } from "node:crypto";
import { firstBreak, genesisHash, type ChainLink } from "./event-chain";
import { timestampReplyProblem } from "./timestamp";
import { sha256Hex, SIGNATURE_SCHEMA, verifyBytes, type ReleaseSignaturePayload } from "./signing";

export const ARCHIVE_SCHEMA = "sitewatch.archive/1";
export const MANIFEST = "manifest.json";
export const MANIFEST_SIG = "manifest.sig";
/** The signed text of the release (its exact bytes) and the raw 64-byte signature made at publication. */
export const RELEASE_SIGNATURE = "release-signature.json";
export const RELEASE_SIGNATURE_SIG = "release-signature.sig";
export const SNAPSHOT = "snapshot.json";
/** The RFC 3161 timestamp authority's reply for release-signature.sig, when the installation has one (docs/verify.md). */
export const RELEASE_TIMESTAMP = "release-signature.tsr";
export const CHAIN = "chain.txt";

/** The largest archive `verifyArchive` unpacks (a hostile zip must not fill memory). */
const MAX_UNPACKED_BYTES = 2 * 1024 ** 3;
const MAX_FILES = 100_000;

export interface ManifestEntry {
  path: string;
  sha256: string;
  bytes: number;
}

/**
 * manifest.json, one file per line so that standard tools can read it (docs/verify.md):
 * `{"sha256": "<hex>", "bytes": <n>, "path": "<path>"}`, sorted by path.
 */
export function manifestText(args: { site: string; release: number; keyId: string; files: ManifestEntry[] }): string {
  const lines = [...args.files]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((f) => `    {"sha256": "${f.sha256}", "bytes": ${f.bytes}, "path": ${JSON.stringify(f.path)}}`);
  return `{\n  "schema": "${ARCHIVE_SCHEMA}",\n  "site": ${JSON.stringify(args.site)},\n  "release": ${args.release},\n  "keyId": "${args.keyId}",\n  "files": [\n${lines.join(",\n")}\n  ]\n}\n`;
}

/** chain.txt: the site's links up to the release, one per line, for a shell loop (docs/verify.md). */
export function chainText(args: { siteId: string; earlier: string[]; links: ChainLink[] }): string {
  return (
    [`site ${args.siteId}`, ...args.earlier.map((h) => `earlier ${h}`), ...args.links.map((l) => `link ${l.sequence} ${l.prevHash} ${l.contentSha256} ${l.hash}`)].join("\n") + "\n"
  );
}

export function parseChainText(text: string): { siteId: string; earlier: string[]; links: ChainLink[] } | null {
  let siteId = "";
  const earlier: string[] = [];
  const links: ChainLink[] = [];
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const [kind, ...f] = line.split(" ");
    if (kind === "site" && f.length === 1) siteId = f[0]!;
    else if (kind === "earlier" && f.length === 1) earlier.push(f[0]!);
    else if (kind === "link" && f.length === 4) links.push({ sequence: Number(f[0]), prevHash: f[1]!, contentSha256: f[2]!, hash: f[3]! });
    else return null;
  }
  return siteId ? { siteId, earlier, links } : null;
}

/** The DOS timestamp every entry carries: the release's publication time (UTC fields, so the same in every time zone). */
function entryTime(publishedAt: string): Date {
  const t = new Date(publishedAt);
  return new Date(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate(), t.getUTCHours(), t.getUTCMinutes(), t.getUTCSeconds());
}

/**
 * The zip: the files with manifest.json (their hashes) and manifest.sig (`signManifest`'s raw signature of it), in
 * path order with fixed times, so the same release exported twice is the same bytes.
 */
export function packArchive(args: {
  site: string;
  release: number;
  publishedAt: string;
  files: Map<string, Uint8Array>;
  keyId: string;
  signManifest: (manifest: string) => Buffer;
}): Uint8Array {
  const files: ManifestEntry[] = [...args.files].map(([path, bytes]) => ({ path, sha256: sha256Hex(bytes), bytes: bytes.length }));
  const manifest = manifestText({ site: args.site, release: args.release, keyId: args.keyId, files });
  const mtime = entryTime(args.publishedAt);
  const all = new Map(args.files);
  all.set(MANIFEST, Buffer.from(manifest));
  all.set(MANIFEST_SIG, args.signManifest(manifest));
  const entries = Object.fromEntries([...all].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([path, bytes]) => [path, [bytes, { mtime, level: 6 }] as const]));
  return zipSync(entries as Parameters<typeof zipSync>[0]);
}

export interface TrustedKey {
  id: string;
  publicKeyPem: string;
}

export interface ArchiveReport {
  ok: boolean;
  /** The first problem, in words (null when valid). */
  problem: string | null;
  /** What was checked, line by line, for the person running the check. */
  checked: string[];
}

/** Checks an archive against keys the verifier trusts: every file's hash, the manifest's and the release's signatures, the snapshot's hash and the chain. */
export function verifyArchive(zip: Uint8Array, keys: TrustedKey[]): ArchiveReport {
  const checked: string[] = [];
  const fail = (problem: string): ArchiveReport => ({ ok: false, problem, checked });
  let files: Record<string, Uint8Array>;
  try {
    let total = 0;
    let count = 0;
    files = unzipSync(zip, {
      filter: (f) => {
        total += f.originalSize;
        count += 1;
        if (total > MAX_UNPACKED_BYTES || count > MAX_FILES) throw new Error("the archive unpacks to more than Sitewatch ever writes");
        return true;
      },
    });
  } catch (e) {
    return fail(`not a readable zip archive (${(e as Error).message})`);
  }
  const text = (name: string) => (files[name] ? Buffer.from(files[name]).toString("utf8") : null);
  const manifest = text(MANIFEST);
  const manifestSig = files[MANIFEST_SIG];
  if (manifest === null || !manifestSig) return fail(`${manifest === null ? MANIFEST : MANIFEST_SIG} is missing`);
  let parsed: { schema: string; site: string; release: number; keyId: string; files: ManifestEntry[] };
  try {
    parsed = JSON.parse(manifest) as typeof parsed;
    if (parsed.schema !== ARCHIVE_SCHEMA || !Array.isArray(parsed.files)) throw new Error("schema");
  } catch {
    return fail(`${MANIFEST} is not a Sitewatch archive manifest`);
  }
  const trusted = new Map(keys.map((k) => [k.id, k.publicKeyPem]));
  const manifestKey = trusted.get(parsed.keyId);
  if (!manifestKey) return fail(`the manifest is signed with key ${parsed.keyId}, which is not among the keys you trust (${[...trusted.keys()].join(", ") || "none"})`);
  if (!verifyBytes(manifestKey, manifest, Buffer.from(manifestSig).toString("base64")))
    return fail(`${MANIFEST_SIG} is not a valid signature of ${MANIFEST} by key ${parsed.keyId}`);
  checked.push(`manifest signed by key ${parsed.keyId}`);

  const listed = new Set<string>();
  for (const f of parsed.files) {
    listed.add(f.path);
    const bytes = files[f.path];
    if (!bytes) return fail(`${f.path} is listed in the manifest but missing from the archive`);
    if (sha256Hex(bytes) !== f.sha256) return fail(`${f.path} was altered (its sha256 is not the manifest's)`);
  }
  const extra = Object.keys(files).filter((p) => !listed.has(p) && p !== MANIFEST && p !== MANIFEST_SIG && !p.endsWith("/"));
  if (extra.length > 0) return fail(`${extra[0]} is in the archive but not in the manifest`);
  checked.push(`${parsed.files.length} files match their sha256 in the manifest`);

  const payloadText = text(RELEASE_SIGNATURE);
  const releaseSig = files[RELEASE_SIGNATURE_SIG];
  if (payloadText === null || !releaseSig) return fail("the release's signature is missing");
  let payload: ReleaseSignaturePayload;
  try {
    payload = JSON.parse(payloadText) as ReleaseSignaturePayload;
    if (payload.schema !== SIGNATURE_SCHEMA) throw new Error("schema");
  } catch {
    return fail(`${RELEASE_SIGNATURE} is not a Sitewatch release signature`);
  }
  const releaseKey = trusted.get(payload.keyId);
  if (!releaseKey) return fail(`the release is signed with key ${payload.keyId}, which is not among the keys you trust`);
  if (!verifyBytes(releaseKey, payloadText, Buffer.from(releaseSig).toString("base64"))) return fail(`the release's signature does not verify with key ${payload.keyId}`);
  if (payload.site !== parsed.site || payload.release !== parsed.release) return fail("the release's signature is for another release than the archive's");
  checked.push(`release ${payload.release} of ${payload.site}, published ${payload.publishedAt}, signed by ${payload.installation} with key ${payload.keyId}`);

  const snapshot = files[SNAPSHOT];
  if (!snapshot) return fail(`${SNAPSHOT} is missing`);
  if (sha256Hex(snapshot) !== payload.snapshotSha256) return fail(`${SNAPSHOT} is not the snapshot that was signed (sha256 differs)`);
  checked.push(`snapshot sha256 ${payload.snapshotSha256}`);

  const stamp = files[RELEASE_TIMESTAMP];
  if (stamp) {
    const problem = timestampReplyProblem(Buffer.from(stamp), createHash("sha256").update(releaseSig).digest());
    if (problem) return fail(`${RELEASE_TIMESTAMP}: ${problem}`);
    checked.push(`the signature is timestamped by an RFC 3161 authority (check the authority's certificate: openssl ts -verify, docs/verify.md)`);
  }

  const chain = parseChainText(text(CHAIN) ?? "");
  if (!chain) return fail(`${CHAIN} is missing or malformed`);
  const broken = firstBreak({ siteId: chain.siteId, genesis: genesisHash(chain.siteId, chain.earlier), links: chain.links });
  if (broken) return fail(`the review record is broken: ${broken}`);
  const head = chain.links.at(-1)?.hash ?? genesisHash(chain.siteId, chain.earlier);
  if (chain.links.length !== payload.chainLength || head !== payload.chainHead)
    return fail(`the review record is not the one the release fixed (${chain.links.length} links, the release fixed ${payload.chainLength})`);
  checked.push(`review record: ${chain.links.length} linked events up to the release`);
  return { ok: true, problem: null, checked };
}
