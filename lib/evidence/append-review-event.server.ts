// Writes a ReviewEvent as the next link of its site's chain, inside the caller's
// transaction (lib/evidence/event-chain.ts). The site's SiteChain row is taken
// first (an update, or the insert of the first link), so two appends to one site
// never read the same head; on PostgreSQL the second waits for the first.
import type { Prisma, ReviewEvent } from "@prisma/client";
import type { Tx } from "../db.server";
import { eventContentSha256, genesisHash, linkHash } from "./event-chain";

type EventData = Omit<Prisma.ReviewEventUncheckedCreateInput, "id" | "siteId" | "sequence" | "prevHash" | "hash" | "createdAt">;

/** The content hashes of a site's events written before its chain existed, in the order written. */
export async function earlierEventHashes(tx: Pick<Tx, "reviewEvent">, siteId: string): Promise<string[]> {
  const earlier = await tx.reviewEvent.findMany({ where: { sequence: null, annotation: { siteId } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return earlier.map(eventContentSha256);
}

export async function appendReviewEvent({ tx, siteId, data }: { tx: Tx; siteId: string; data: EventData }): Promise<ReviewEvent> {
  const held = await tx.siteChain.findUnique({ where: { siteId }, select: { length: true } });
  // Take the row before reading the head (on PostgreSQL the update locks it until this transaction ends).
  const chain = held
    ? await tx.siteChain.update({ where: { siteId }, data: { length: { increment: 1 } } })
    : await tx.siteChain.create({ data: { siteId, length: 1, head: genesisHash(siteId, await earlierEventHashes(tx, siteId)) } });
  const sequence = chain.length;
  const prevHash = chain.head;
  const id = cuidLike();
  const createdAt = new Date();
  const content = {
    id,
    annotationId: data.annotationId,
    actorId: data.actorId,
    action: data.action,
    fromStatus: data.fromStatus ?? null,
    toStatus: data.toStatus,
    comment: data.comment ?? null,
    diff: data.diff ?? null,
    revisionNumber: data.revisionNumber ?? null,
    annotationVersion: data.annotationVersion ?? null,
    createdAt,
  };
  const hash = linkHash({ siteId, sequence, prevHash, contentSha256: eventContentSha256(content) });
  const event = await tx.reviewEvent.create({ data: { ...content, siteId, sequence, prevHash, hash } });
  await tx.siteChain.update({ where: { siteId }, data: { head: hash } });
  return event;
}

/** An id of the same shape as Prisma's cuid() (the hash needs it before the row is written). */
function cuidLike(): string {
  return `c${Date.now().toString(36)}${crypto.randomUUID().replace(/-/g, "").slice(0, 16)}`;
}
