// Editing a change: each edit is a new revision with a field-level diff event.
import type { SessionUser } from "../auth/session.server";
import { db } from "../db.server";
import { DomainError } from "../errors";
import type { AreaGeometry, Bbox } from "../geo/area-geometry";
import { decideEdit, hasPublicRevision, isAuthorOf } from "../review/review-moves";
import { UpdateAnnotationInput } from "./annotation.schema";
import { annotationInclude, toChangeView } from "./change-view";
import { assertDetectionWindow, assertTypeAndGrade, checkGeometryOrThrow } from "./check-revision-content.server";
import type { SavedAnnotation } from "./create-annotation.server";
import { getAnnotationOrThrow } from "./get-annotation.server";
import { staleVersionError } from "./stale-version-error.server";
import { writeRevision, type RevisionContent } from "./write-revision.server";
import { appendReviewEvent } from "../evidence/append-review-event.server";

const DIFFED_FIELDS = ["geometry", "changeType", "damageGrade", "confidence", "beforeSceneId", "afterSceneId", "description", "tags"] as const;

function sourcesForDiff(sources: { url: string; title: string; archiveUrl?: string | null; accessedAt?: Date | null; withheld: boolean }[]) {
  return sources.map(({ url, title, archiveUrl, accessedAt, withheld }) => ({
    url,
    title,
    archiveUrl: archiveUrl ?? null,
    accessedAt: accessedAt?.toISOString() ?? null,
    withheld,
  }));
}

/**
 * Edits a change: writes revision n+1 and an "edit" event with the field-level
 * diff, in one transaction that first claims the row at the caller's version
 * (a stale version gets 409 with the current state and what happened since).
 * Editing a published change starts a new DRAFT revision; the public keeps the
 * published one until the next release.
 */
export async function updateAnnotation(args: { annotationId: string; input: UpdateAnnotationInput; actor: SessionUser }): Promise<SavedAnnotation> {
  const { version, comment, ...patch } = UpdateAnnotationInput.parse(args.input);
  const warnings = await db.$transaction(async (tx) => {
    const current = await tx.annotation.findUnique({ where: { id: args.annotationId }, include: annotationInclude });
    if (!current || !current.currentRevision) throw new DomainError("not_found", "no such change");
    if (current.version !== version) throw await staleVersionError({ tx, annotationId: current.id, heldVersion: version, what: "edited or moved" });
    const view = toChangeView({ row: current });
    const decision = decideEdit({
      from: current.status,
      role: args.actor.role,
      isAuthor: isAuthorOf({ annotation: current, userId: args.actor.id }),
      hasPublicRevision: hasPublicRevision(current),
    });
    if (!decision.ok) {
      throw new DomainError(decision.refusal.reason === "not-editable" ? "conflict" : "forbidden", decision.refusal.message, {
        details: { reason: decision.refusal.reason, current: view },
      });
    }
    const rev = current.currentRevision;
    const content: RevisionContent = {
      geometry: patch.geometry ?? JSON.parse(rev.geometry),
      changeType: patch.changeType ?? rev.changeType,
      damageGrade: patch.damageGrade === undefined ? (rev.damageGrade as RevisionContent["damageGrade"]) : patch.damageGrade,
      confidence: patch.confidence ?? (rev.confidence as RevisionContent["confidence"]),
      beforeSceneId: patch.beforeSceneId ?? rev.beforeSceneId,
      afterSceneId: patch.afterSceneId ?? rev.afterSceneId,
      description: patch.description ?? rev.description,
      tags: patch.tags ?? (JSON.parse(rev.tags) as string[]),
      sources:
        patch.sources ??
        rev.sources.map(({ url, title, archiveUrl, accessedAt, withheld }) => ({ url, title, archiveUrl: archiveUrl ?? undefined, accessedAt: accessedAt ?? undefined, withheld })),
    };
    const { after } = await assertDetectionWindow({ tx, siteId: current.siteId, beforeSceneId: content.beforeSceneId, afterSceneId: content.afterSceneId });
    await assertTypeAndGrade({ tx, changeType: content.changeType, damageGrade: content.damageGrade ?? null, keptType: rev.changeType });
    // The geometry is checked again when it, or the scenes it is judged against, change.
    const geometryTouched = patch.geometry !== undefined || content.afterSceneId !== rev.afterSceneId || content.beforeSceneId !== rev.beforeSceneId;
    const geometry = geometryTouched
      ? await checkGeometryOrThrow({ tx, siteId: current.siteId, beforeSceneId: content.beforeSceneId, afterScene: after, geometry: content.geometry, excludeId: current.id })
      : { geometry: content.geometry as AreaGeometry, bbox: [rev.bboxMinLon, rev.bboxMinLat, rev.bboxMaxLon, rev.bboxMaxLat] as Bbox, areaM2: rev.areaM2, warnings: [] };
    // Claim the row: if someone else wrote since `version` was read, nothing matches.
    const { count } = await tx.annotation.updateMany({
      where: { id: current.id, version, status: current.status },
      data: { version: { increment: 1 }, status: decision.to, ...(decision.to !== current.status ? { statusChangedAt: new Date() } : {}) },
    });
    if (count === 0) throw await staleVersionError({ tx, annotationId: current.id, heldVersion: version, what: "edited or moved" });
    const number = Math.max(...current.revisions.map((r) => r.number)) + 1;
    const revision = await writeRevision({ tx, annotationId: current.id, number, content, geometry, actorId: args.actor.id });
    await tx.annotation.update({ where: { id: current.id }, data: { currentRevisionId: revision.id } });
    const diff: Record<string, { from: unknown; to: unknown }> = Object.fromEntries(
      DIFFED_FIELDS.filter((f) => JSON.stringify((revision as Record<string, unknown>)[f]) !== JSON.stringify((rev as Record<string, unknown>)[f])).map((f) => [
        f,
        { from: (rev as Record<string, unknown>)[f], to: (revision as Record<string, unknown>)[f] },
      ]),
    );
    const sourcesBefore = sourcesForDiff(rev.sources);
    const sourcesAfter = sourcesForDiff(content.sources);
    if (JSON.stringify(sourcesBefore) !== JSON.stringify(sourcesAfter)) diff.sources = { from: sourcesBefore, to: sourcesAfter };
    // Rolls the whole write back: a revision that changes nothing would only muddle the history (and reopen a published change).
    if (Object.keys(diff).length === 0) throw new DomainError("bad_input", "this edit changes nothing; to discuss the change, add a comment instead");
    await appendReviewEvent({
      tx,
      siteId: current.siteId,
      data: {
        annotationId: current.id,
        actorId: args.actor.id,
        action: "edit",
        fromStatus: current.status,
        toStatus: decision.to,
        comment: comment || null,
        revisionNumber: number,
        annotationVersion: version + 1,
        diff: JSON.stringify(diff),
      },
    });
    return geometry.warnings;
  });
  return { ...(await getAnnotationOrThrow(args.annotationId)), warnings };
}
