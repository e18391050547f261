// `sitewatch audit verify`: walks every site's event chain from the rows as
// they are now, recomputing each link from the event's content, and checks that
// each chain's head and every release's recorded head and signature agree with
// it. An edit behind the app's back (SQL on an event, a removed or reordered
// event, a rewritten release) is named at the first link it breaks.
import { db } from "../db.server";
import { earlierEventHashes } from "./append-review-event.server";
import { eventContentSha256, firstBreak, genesisHash, type ChainLink } from "./event-chain";
import { publicKeys } from "./keyring.server";
import { sha256Hex, verifyBytes, type ReleaseSignaturePayload } from "./signing";

export interface SiteAudit {
  slug: string;
  links: number;
  releases: number;
  /** The first problem found, in words; null when the site's record holds. */
  problem: string | null;
}

export interface AuditReport {
  sites: SiteAudit[];
  /** Events written before the chain existed (committed to by their site's first link). */
  earlierEvents: number;
  ok: boolean;
}

export async function auditChains(): Promise<AuditReport> {
  const keys = new Map(publicKeys().map((k) => [k.id, k.publicKeyPem]));
  const sites = await db.site.findMany({ select: { id: true, slug: true }, orderBy: { slug: "asc" } });
  const report: SiteAudit[] = [];
  let earlierEvents = 0;
  for (const site of sites) {
    const events = await db.reviewEvent.findMany({ where: { siteId: site.id, sequence: { not: null } }, orderBy: { sequence: "asc" } });
    const earlier = await earlierEventHashes(db, site.id);
    earlierEvents += earlier.length;
    const links: ChainLink[] = events.map((e) => ({ sequence: e.sequence!, prevHash: e.prevHash ?? "", hash: e.hash ?? "", contentSha256: eventContentSha256(e) }));
    const genesis = genesisHash(site.id, earlier);
    const chain = await db.siteChain.findUnique({ where: { siteId: site.id } });
    const releases = await db.release.findMany({ where: { siteId: site.id }, orderBy: { number: "asc" } });
    const problem =
      firstBreak({ siteId: site.id, genesis, links }) ??
      headProblem({ chain, links }) ??
      releases.map((r) => releaseProblem({ release: r, links, genesis, keys })).find((p) => p !== null) ??
      null;
    report.push({ slug: site.slug, links: links.length, releases: releases.length, problem });
  }
  return { sites: report, earlierEvents, ok: report.every((s) => s.problem === null) };
}

function headProblem({ chain, links }: { chain: { length: number; head: string } | null; links: ChainLink[] }): string | null {
  const last = links.at(-1);
  if (!chain) return last ? `the chain's head is missing but ${links.length} links exist` : null;
  if (chain.length !== links.length) return `the chain's head says ${chain.length} links, ${links.length} exist (an event was removed or added outside the app)`;
  if (last && chain.head !== last.hash) return "the chain's head does not match its last link";
  return null;
}

function releaseProblem(args: {
  release: {
    number: number;
    snapshot: string;
    snapshotSha256: string;
    chainLength: number | null;
    chainHead: string | null;
    signingKeyId: string | null;
    signaturePayload: string | null;
    signature: string | null;
  };
  links: ChainLink[];
  genesis: string;
  keys: Map<string, string>;
}): string | null {
  const r = args.release;
  const what = `release ${r.number}`;
  if (sha256Hex(r.snapshot) !== r.snapshotSha256) return `${what}: its snapshot does not match its sha256 (the snapshot was altered)`;
  // Releases made before the chain and signatures existed carry neither; there is nothing of theirs to check.
  if (r.signature === null && r.signaturePayload === null && r.chainHead === null) return null;
  if (r.chainLength === null || r.chainHead === null) return `${what}: its record of the chain is incomplete`;
  const head = r.chainLength === 0 ? args.genesis : args.links[r.chainLength - 1]?.hash;
  if (head !== r.chainHead) return `${what}: the history it fixed (link ${r.chainLength}) is not the history now (an event before it was altered)`;
  if (!r.signature || !r.signaturePayload || !r.signingKeyId) return `${what}: its signature is missing`;
  const key = args.keys.get(r.signingKeyId);
  if (!key) return `${what}: signed with key ${r.signingKeyId}, which is not in this installation's keyring`;
  if (!verifyBytes(key, r.signaturePayload, r.signature)) return `${what}: its signature does not verify with key ${r.signingKeyId}`;
  const payload = JSON.parse(r.signaturePayload) as ReleaseSignaturePayload;
  if (payload.snapshotSha256 !== r.snapshotSha256 || payload.release !== r.number || payload.chainHead !== r.chainHead || payload.chainLength !== r.chainLength)
    return `${what}: what its signature covers is not the release as stored`;
  return null;
}
