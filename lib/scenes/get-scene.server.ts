// One scene, or the scenes of a site (oldest first), as rows; routes answer with toSceneView.
import type { Scene } from "@prisma/client";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { sceneUseProblem } from "./scene-rules";

export async function listScenesForSite(siteId: string): Promise<Scene[]> {
  return db.scene.findMany({ where: { sites: { some: { siteId } } }, orderBy: { acquiredAt: "asc" } });
}

export async function getSceneOrThrow(id: string): Promise<Scene> {
  const scene = await db.scene.findUnique({ where: { id } });
  if (!scene) throw new DomainError("not_found", "no such scene");
  return scene;
}

/** A scene whose imagery can be read (READY); a scene still converting, or failed, is a 409 saying so. */
export async function getReadySceneOrThrow(id: string): Promise<Scene> {
  const scene = await getSceneOrThrow(id);
  const problem = sceneUseProblem(scene);
  if (problem) throw new DomainError("conflict", problem);
  return scene;
}
