// One image chip as the public may read it: named by a published release of the
// site, and only where the licence of the scene it shows allows public display
// (the archive always holds every chip, with its licence stated).
import { db } from "../db.server";
import { DomainError } from "../errors";
import { getPublicSite } from "../publish/public-read.server";

export async function getPublicChip({ slug, releaseNumber, sha256 }: { slug: string; releaseNumber?: number; sha256: string }): Promise<Uint8Array> {
  const { snapshot } = await getPublicSite({ slug, releaseNumber });
  const owner = snapshot.changes.find((c) => c.chips?.before?.sha256 === sha256 || c.chips?.after?.sha256 === sha256);
  if (!owner) throw new DomainError("not_found", "no image chip with that address in this release");
  const sceneId = owner.chips!.before?.sha256 === sha256 ? owner.beforeSceneId : owner.afterSceneId;
  if (!snapshot.scenes.find((s) => s.id === sceneId)?.publicDisplay)
    throw new DomainError("not_found", "this scene's licence does not allow public display (the release archive holds the chip)");
  const row = await db.evidenceChip.findUnique({ where: { sha256 }, select: { png: true } });
  if (!row) throw new DomainError("not_found", "no image chip with that address");
  return row.png;
}
