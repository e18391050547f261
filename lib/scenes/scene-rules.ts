// When a scene may be used. An upload is PROCESSING while a worker converts it
// and READY once its cloud-optimised copy is stored; only a READY scene is
// shown in the viewer, compared by detection, used as a change's window or
// published. Pure: the browser and the server ask the same question.
import type { Role, SceneStatus } from "@prisma/client";
import { hasCapability } from "../auth/roles";

export interface SceneWithStatus {
  status: SceneStatus;
  statusMessage?: string;
  acquiredAt: string | Date;
}

export function isSceneReady(scene: { status: SceneStatus }): boolean {
  return scene.status === "READY";
}

/** Why the scene cannot be used yet, or null when it is READY. */
export function sceneUseProblem(scene: SceneWithStatus): string | null {
  const day = new Date(scene.acquiredAt).toISOString().slice(0, 10);
  if (scene.status === "PROCESSING") return `the scene of ${day} is still being converted; it can be used once it is ready`;
  if (scene.status === "FAILED") return `the scene of ${day} could not be converted${scene.statusMessage ? ` (${scene.statusMessage})` : ""}; retry or delete it`;
  return null;
}

/** Who may delete a scene whose conversion failed (or was cancelled): its uploader or an admin. A READY scene is evidence and is never deleted this way. */
export function mayDiscardScene(args: { scene: { uploadedById: string; status: SceneStatus }; user: { id: string; role: Role } }): boolean {
  return args.scene.status === "FAILED" && (args.scene.uploadedById === args.user.id || hasCapability({ role: args.user.role, capability: "job:manage" }));
}
