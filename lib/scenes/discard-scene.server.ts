// Removing a scene that never became READY: its row, its site links and its
// staged upload. Nothing else can refer to it (only READY scenes are used).
import { db } from "../db.server";
import { getBlobStore } from "../storage/blob-store.server";

/** Removes a scene that is not READY (its row, its links and its staged upload); a READY scene is never discarded this way. */
export async function discardScene(args: { sceneId: string }): Promise<void> {
  const scene = await db.scene.findUnique({ where: { id: args.sceneId } });
  if (!scene || scene.status === "READY") return;
  // Conditional: a retry that made it PROCESSING again (or a conversion that made it READY) meanwhile wins.
  const { count } = await db.scene.deleteMany({ where: { id: scene.id, status: scene.status } });
  if (count === 1) await getBlobStore().unstage(scene.sha256);
}
