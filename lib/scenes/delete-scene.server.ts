// Deleting a scene whose conversion failed or was cancelled (its uploader or
// an admin): the row, its site links and its staged upload go. A READY scene
// is never deleted: published claims may cite it.
import type { SessionUser } from "../auth/session.server";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { discardScene } from "./discard-scene.server";
import { mayDiscardScene } from "./scene-rules";

export async function deleteScene(args: { sceneId: string; user: SessionUser }): Promise<void> {
  const scene = await db.scene.findUnique({ where: { id: args.sceneId } });
  if (!scene) throw new DomainError("not_found", "no such scene");
  if (scene.status === "READY") throw new DomainError("conflict", "a scene that is ready is kept: changes and releases may cite it");
  if (scene.status === "PROCESSING")
    throw new DomainError("conflict", `the scene of ${scene.acquiredAt.toISOString().slice(0, 10)} is still being converted; cancel its conversion first`);
  if (!mayDiscardScene({ scene, user: args.user })) throw new DomainError("forbidden", "only the person who uploaded this scene, or an admin, may delete it");
  await discardScene({ sceneId: scene.id });
}
