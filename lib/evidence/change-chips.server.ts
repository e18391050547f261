// Image chips of the claims a release is about to publish: for each change that
// is APPROVED (published now) or already published, at the revision the release
// carries, one chip per scene of its detection window (imagery/chips), rendered
// once per revision and scene and kept content-addressed (EvidenceChip). Run
// before the publish transaction (rendering reads imagery; the transaction only
// looks chips up), so a slow render never holds the database.
import type { Prisma } from "@prisma/client";
import { renderChip } from "@/imagery/chips/render-chip";
import { db, type Tx } from "../db.server";
import { formatDate } from "../format";
import { HAS_PUBLIC_REVISION_WHERE, PUBLISH_MOVE } from "../review/review-moves";
import { resolvePublicRender } from "../scenes/public-render";
import { getBlobStore } from "../storage/blob-store.server";
import type { ChipRef } from "../releases/release-snapshot";
import { sha256Hex } from "./signing";

export async function renderMissingChips({ siteId }: { siteId: string }): Promise<{ rendered: number; failed: string[] }> {
  const rows = await db.annotation.findMany({
    where: { siteId, OR: [{ status: PUBLISH_MOVE.from }, HAS_PUBLIC_REVISION_WHERE] },
    include: { currentRevision: { include: { beforeScene: true, afterScene: true } }, publishedRevision: { include: { beforeScene: true, afterScene: true } } },
  });
  const site = await db.site.findUniqueOrThrow({ where: { id: siteId }, select: { name: true } });
  let rendered = 0;
  const failed: string[] = [];
  for (const a of rows) {
    const rev = a.status === PUBLISH_MOVE.from ? a.currentRevision : a.publishedRevision;
    if (!rev) continue;
    const have = new Set((await db.evidenceChip.findMany({ where: { revisionId: rev.id }, select: { sceneId: true } })).map((c) => c.sceneId));
    for (const [role, scene] of [
      ["Before", rev.beforeScene],
      ["After", rev.afterScene],
    ] as const) {
      if (have.has(scene.id) || !scene.cogSha256) continue;
      try {
        const render = resolvePublicRender(scene);
        const chip = await renderChip({
          scene: { file: await getBlobStore().openSource(scene.cogSha256) },
          bands: render.bands,
          stretch: render.stretch,
          outline: JSON.parse(rev.geometry) as Parameters<typeof renderChip>[0]["outline"],
          caption: [
            `${role}: ${formatDate(scene.acquiredAt)} · ${scene.sensor || "unknown sensor"}${scene.synthetic ? " (synthetic)" : ""}`,
            `${scene.attribution} · licence ${scene.license}`,
            `${site.name} · change ${a.id.slice(-8)}, revision ${rev.number} · outline in yellow`,
          ],
        });
        const data: Prisma.EvidenceChipCreateInput = {
          sha256: sha256Hex(chip.png),
          revisionId: rev.id,
          sceneId: scene.id,
          png: new Uint8Array(chip.png),
          width: chip.width,
          height: chip.height,
        };
        // Another publisher may have drawn the same chip meanwhile: the first one stays.
        await db.evidenceChip.create({ data }).catch(async (e: unknown) => {
          if (!(await db.evidenceChip.findUnique({ where: { revisionId_sceneId: { revisionId: rev.id, sceneId: scene.id } } }))) throw e;
        });
        rendered++;
      } catch (e) {
        failed.push(`${a.id}/${scene.id}: ${(e as Error).message}`);
      }
    }
  }
  return { rendered, failed };
}

/** The chips of these revisions, by revision id and scene id. */
export async function chipsOf(tx: Tx, revisionIds: string[]): Promise<Map<string, ChipRef>> {
  const rows = await tx.evidenceChip.findMany({ where: { revisionId: { in: revisionIds } }, select: { sha256: true, revisionId: true, sceneId: true, width: true, height: true } });
  return new Map(rows.map((r) => [`${r.revisionId}/${r.sceneId}`, { sha256: r.sha256, width: r.width, height: r.height }]));
}
