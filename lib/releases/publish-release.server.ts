// Publishing a site release: approved changes become PUBLISHED and the site's
// public content is frozen into a numbered, immutable snapshot with a
// changelog against the previous release. The public reads only these
// snapshots (lib/publish), never the live tables.
import { createHash } from "node:crypto";
import type { Release } from "@prisma/client";
import type { SessionUser } from "../auth/session.server";
import { requireCapability } from "../auth/session.server";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { enqueueJob } from "../jobs/enqueue-job.server";
import { PRERENDER_JOB } from "../publish/prerender-tiles-job.server";
import { publicGenerationMoved } from "../publish/public-generation.server";
import { writePublishedChanges } from "../publish/published-change-write.server";
import { canonicalJson, releaseRefusals, type ReleaseSnapshot } from "./release-snapshot";
import { changelogSha256, checkRelease } from "./check-release.server";
import { PublishReleaseInput } from "./release.schema";
import { decidePublish, isAuthorOf, PUBLISH_MOVE } from "../review/review-moves";
import { config } from "../config.server";
import { appendReviewEvent, earlierEventHashes } from "../evidence/append-review-event.server";
import { genesisHash } from "../evidence/event-chain";
import { activeSigner } from "../evidence/keyring.server";
import { renderMissingChips } from "../evidence/change-chips.server";
import { timestampRelease } from "../evidence/timestamp-release.server";
import { SIGNATURE_SCHEMA, signaturePayloadText, signBytes, type ReleaseSignaturePayload } from "../evidence/signing";

/** The release, and the job that draws its public tiles (its progress is the editor's to follow). */
export async function publishRelease(args: { siteId: string; input: PublishReleaseInput; actor: SessionUser }): Promise<Release & { prerenderJobId: string }> {
  requireCapability({ user: args.actor, capability: "release:publish" });
  const { note, expectedChangelogSha256 } = PublishReleaseInput.parse(args.input);
  // A release is signed or not made: a missing or unreadable key stops here, before anything is written.
  const signer = activeSigner();
  // Each claim's image chips are drawn first, outside the transaction (reading imagery takes time); it only looks them up.
  const chips = await renderMissingChips({ siteId: args.siteId });
  // A chip that cannot be drawn (imagery unreadable) leaves that claim without one; the release is still made.
  for (const f of chips.failed) console.error(`sitewatch: no image chip for ${f}`);
  const published = await db.$transaction(async (tx) => {
    const publishedAt = new Date();
    const checks = await checkRelease({ tx, siteId: args.siteId, actor: args.actor, release: { note, publishedAt: publishedAt.toISOString(), publishedBy: args.actor.name } });
    const { number, snapshot } = checks;
    // Four eyes again (nobody publishes their own change, revision or site text), then nothing to publish.
    const [refusal] = releaseRefusals(checks);
    if (refusal?.reason === "own-changes") {
      throw new DomainError("forbidden", `${refusal.annotationIds.length} approved change(s) in this release are your own work; another editor must publish them`, {
        details: { annotationIds: refusal.annotationIds },
      });
    }
    if (refusal?.reason === "own-site-text") {
      throw new DomainError("forbidden", "you wrote or changed this site's public details since its last release; another editor must publish them");
    }
    if (refusal?.reason === "nothing-to-publish") {
      throw new DomainError("conflict", `nothing to publish: no change was added, revised or retracted and no public detail changed since release ${number - 1}`);
    }
    if (expectedChangelogSha256 && expectedChangelogSha256 !== changelogSha256(snapshot.changelog!)) {
      throw new DomainError("conflict", "the release would now contain something other than what you were shown (someone moved a change meanwhile); look at it again", {
        details: { changelog: snapshot.changelog },
      });
    }
    const approved = await tx.annotation.findMany({
      where: { siteId: args.siteId, status: PUBLISH_MOVE.from },
      include: { currentRevision: { select: { number: true } }, revisions: { select: { number: true, createdById: true } }, publishedRevision: { select: { number: true } } },
    });
    for (const a of approved) {
      // Each change is moved by the table's publish move (checkRelease has already named any the actor may not publish).
      const decision = decidePublish({ role: args.actor.role, isAuthor: isAuthorOf({ annotation: a, userId: args.actor.id }) });
      if (!decision.ok) throw new DomainError("forbidden", decision.refusal.message, { details: { annotationIds: [a.id] } });
      const { move } = decision;
      const { count } = await tx.annotation.updateMany({
        where: { id: a.id, version: a.version, status: move.from },
        data: { status: move.to, version: { increment: 1 }, publishedRevisionId: a.currentRevisionId, statusChangedAt: publishedAt },
      });
      if (count === 0) throw new DomainError("conflict", "a change was moved while the release was being built; try again");
      await appendReviewEvent({
        tx,
        siteId: args.siteId,
        data: {
          annotationId: a.id,
          actorId: args.actor.id,
          action: move.action,
          fromStatus: move.from,
          toStatus: move.to,
          comment: `release ${number}`,
          revisionNumber: a.currentRevision?.number ?? null,
          annotationVersion: a.version + 1,
        },
      });
    }
    // The snapshot was built with the approved changes at their current revisions: exactly what is now published.
    const json = canonicalJson(snapshot);
    // The site's public text is now reviewed and published: nobody has changed it since.
    await tx.site.update({ where: { id: args.siteId }, data: { publicEditorIds: "[]" } });
    const snapshotSha256 = createHash("sha256").update(json).digest("hex");
    // The history behind the release: its site's event chain as it stands now, the publish moves above included.
    const chain = (await tx.siteChain.findUnique({ where: { siteId: args.siteId } })) ?? { length: 0, head: genesisHash(args.siteId, await earlierEventHashes(tx, args.siteId)) };
    const payload: ReleaseSignaturePayload = {
      schema: SIGNATURE_SCHEMA,
      installation: config.installationName,
      site: snapshot.site.slug,
      release: number,
      publishedAt: publishedAt.toISOString(),
      snapshotSha256,
      chainLength: chain.length,
      chainHead: chain.head,
      keyId: signer.keyId,
    };
    const signaturePayload = signaturePayloadText(payload);
    const release = await tx.release.create({
      data: {
        siteId: args.siteId,
        number,
        note,
        snapshot: json,
        snapshotSha256,
        publishedById: args.actor.id,
        publishedAt,
        chainLength: chain.length,
        chainHead: chain.head,
        signingKeyId: signer.keyId,
        signaturePayload,
        signature: signBytes(signer.privateKey, signaturePayload),
      },
    });
    // The OGC API's index of published changes follows in the same transaction (from the stored text, as a rebuild would read it).
    await writePublishedChanges({ tx, siteId: args.siteId, snapshot: JSON.parse(json) as ReleaseSnapshot });
    // Its public tiles are drawn by a worker before readers ask (queued with the release: both or neither).
    const prerender = await enqueueJob({ kind: PRERENDER_JOB, payload: { releaseId: release.id }, actor: args.actor, tx });
    return { ...release, prerenderJobId: prerender.id };
  });
  publicGenerationMoved();
  // A trusted timestamp of the signature, when an authority is configured: after the transaction, so a slow authority
  // holds nothing; if it fails the release stands, unstamped, and `sitewatch release timestamp` asks again.
  if (config.tsaUrl) await timestampRelease({ releaseId: published.id }).catch((e: Error) => console.error(`sitewatch: release ${published.number} not timestamped: ${e.message}`));
  return published;
}
