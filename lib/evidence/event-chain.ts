// The tamper-evident record of a site: every ReviewEvent of its changes is a
// link of one hash chain, in the order written. A link's hash covers the site,
// its place in the chain, the previous link's hash and the sha256 of the
// event's full content, so changing, removing or reordering any event breaks
// every later link; a release records the chain's head, fixing the history
// behind it. The content hash lets an archive carry the links without the
// private fields (review comments, internal ids) and still be checked. Pure.
import { canonicalJson } from "../releases/release-snapshot";
import { sha256Hex } from "./signing";

export const CHAIN_SCHEMA = "sitewatch.chain/1";

/** The fields of a ReviewEvent that its link commits to. */
export interface ChainedEventContent {
  id: string;
  annotationId: string;
  actorId: string;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  comment: string | null;
  diff: string | null;
  revisionNumber: number | null;
  annotationVersion: number | null;
  createdAt: Date;
}

export function eventContentSha256(e: ChainedEventContent): string {
  return sha256Hex(
    canonicalJson({
      id: e.id,
      annotationId: e.annotationId,
      actorId: e.actorId,
      action: e.action,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      comment: e.comment,
      diff: e.diff,
      revisionNumber: e.revisionNumber,
      annotationVersion: e.annotationVersion,
      createdAt: e.createdAt.toISOString(),
    }),
  );
}

/** One link's hash: sha256 of "sitewatch.chain/1\n<site>\n<sequence>\n<previous hash>\n<content sha256>". */
export function linkHash(args: { siteId: string; sequence: number; prevHash: string; contentSha256: string }): string {
  return sha256Hex(`${CHAIN_SCHEMA}\n${args.siteId}\n${args.sequence}\n${args.prevHash}\n${args.contentSha256}`);
}

/**
 * What the first link follows: the site, and the content hashes of the events it had before the chain existed (an
 * installation upgraded with history), in the order written — so those are fixed from then on too.
 */
export function genesisHash(siteId: string, earlierContentSha256: string[]): string {
  return sha256Hex(`${CHAIN_SCHEMA} genesis\n${siteId}\n${earlierContentSha256.join("\n")}`);
}

export interface ChainLink {
  sequence: number;
  prevHash: string;
  contentSha256: string;
  hash: string;
}

/** The first thing wrong with a site's chain, in words, or null; `links` in the order read (by sequence). */
export function firstBreak(args: { siteId: string; genesis: string; links: ChainLink[] }): string | null {
  let prev = args.genesis;
  for (const [i, l] of args.links.entries()) {
    if (l.sequence !== i + 1) return `link ${i + 1} is missing or out of order (found link ${l.sequence} in its place)`;
    if (l.prevHash !== prev) return `link ${l.sequence} does not follow link ${l.sequence - 1} (its previous hash differs)`;
    if (linkHash({ siteId: args.siteId, sequence: l.sequence, prevHash: l.prevHash, contentSha256: l.contentSha256 }) !== l.hash)
      return `link ${l.sequence} was altered (its hash does not match its content)`;
    prev = l.hash;
  }
  return null;
}
