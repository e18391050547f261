import { describe, expect, it } from "vitest";
import { eventContentSha256, firstBreak, genesisHash, linkHash, type ChainLink } from "./event-chain";

const SITE = "site-1";

function chainOf(contents: string[]): ChainLink[] {
  const links: ChainLink[] = [];
  let prev = genesisHash(SITE, []);
  for (const [i, c] of contents.entries()) {
    const l = { sequence: i + 1, prevHash: prev, contentSha256: c, hash: linkHash({ siteId: SITE, sequence: i + 1, prevHash: prev, contentSha256: c }) };
    links.push(l);
    prev = l.hash;
  }
  return links;
}

describe("a site's event chain", () => {
  const links = chainOf(["a", "b", "c", "d"].map((x) => x.repeat(64)));
  const genesis = genesisHash(SITE, []);

  it("holds as written", () => {
    expect(firstBreak({ siteId: SITE, genesis, links })).toBeNull();
  });

  it("names the link whose content was altered", () => {
    const altered = links.map((l) => (l.sequence === 3 ? { ...l, contentSha256: "e".repeat(64) } : l));
    expect(firstBreak({ siteId: SITE, genesis, links: altered })).toMatch(/link 3 was altered/);
  });

  it("finds a removed, a reordered and a re-hashed link", () => {
    expect(firstBreak({ siteId: SITE, genesis, links: links.filter((l) => l.sequence !== 2) })).toMatch(/link 2 is missing or out of order/);
    expect(firstBreak({ siteId: SITE, genesis, links: [links[0]!, links[2]!, links[1]!, links[3]!] })).toMatch(/link 2 is missing or out of order/);
    // Renumbered to look in order, a moved link no longer follows its predecessor.
    const swapped = [links[0]!, { ...links[2]!, sequence: 2 }, { ...links[1]!, sequence: 3 }, links[3]!];
    expect(firstBreak({ siteId: SITE, genesis, links: swapped })).toMatch(/link 2 does not follow link 1/);
    // Re-hashing one link to match altered content breaks the next.
    const c2 = "f".repeat(64);
    const forged = links.map((l) => (l.sequence === 2 ? { ...l, contentSha256: c2, hash: linkHash({ siteId: SITE, sequence: 2, prevHash: l.prevHash, contentSha256: c2 }) } : l));
    expect(firstBreak({ siteId: SITE, genesis, links: forged })).toMatch(/link 3 does not follow link 2/);
  });

  it("is another chain on another site, and commits to the events written before it existed", () => {
    expect(firstBreak({ siteId: "site-2", genesis, links })).toMatch(/link 1 was altered/);
    expect(genesisHash(SITE, ["x".repeat(64)])).not.toBe(genesis);
  });

  it("hashes every field of an event, the review comment included", () => {
    const e = {
      id: "e1",
      annotationId: "a1",
      actorId: "u1",
      action: "approve",
      fromStatus: "SUBMITTED",
      toStatus: "APPROVED",
      comment: "fine",
      diff: null,
      revisionNumber: 1,
      annotationVersion: 3,
      createdAt: new Date("2026-12-04T10:00:00Z"),
    };
    expect(eventContentSha256({ ...e, comment: "fine." })).not.toBe(eventContentSha256(e));
    expect(eventContentSha256({ ...e, createdAt: new Date("2026-12-04T10:00:00.001Z") })).not.toBe(eventContentSha256(e));
  });
});
