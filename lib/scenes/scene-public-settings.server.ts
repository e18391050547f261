// What the public gets of a scene, set by an editor: whether its licence
// allows public display, the deepest zoom its licence allows, and how its
// tiles render. Takes effect with the site's next release (releases freeze it).
import type { Scene } from "@prisma/client";
import { requireCapability, type SessionUser } from "../auth/session.server";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { ScenePublicSettingsInput } from "./scene.schema";

/** Sets a scene's public display, zoom limit and rendering (`input` is parsed with ScenePublicSettingsInput); needs release:publish. */
export async function updateScenePublicSettings({ user, sceneId, input }: { user: SessionUser | null; sceneId: string; input: unknown }): Promise<Scene> {
  requireCapability({ user: user, capability: "release:publish" });
  const data = ScenePublicSettingsInput.parse(input);
  const scene = await db.scene.findUnique({ where: { id: sceneId } });
  if (!scene) throw new DomainError("not_found", "no such scene");
  if (data.publicRender) {
    const beyond = data.publicRender.bands.find((b) => b > scene.bandCount);
    if (beyond) throw new DomainError("bad_input", `band ${beyond} does not exist: this scene has ${scene.bandCount} band${scene.bandCount === 1 ? "" : "s"}`);
  }
  return db.scene.update({
    where: { id: sceneId },
    data: {
      publicDisplay: data.publicDisplay,
      publicMaxZoom: data.publicMaxZoom,
      publicRender: data.publicRender === undefined ? undefined : data.publicRender === null ? "" : JSON.stringify(data.publicRender),
    },
  });
}
