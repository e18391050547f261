// Taking a GeoTIFF in within this process, without a worker: the command line,
// the seed and tests. The same steps as an upload (stage-upload, then
// accept-scene-upload, then the conversion job), the job run here.
import type { Scene } from "@prisma/client";
import type { SessionUser } from "../auth/session.server";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { runJobNow } from "../jobs/run-job-now.server";
import { acceptSceneUpload } from "./accept-scene-upload.server";
import { discardScene } from "./discard-scene.server";
import type { SceneMetadataInput } from "./scene.schema";
import type { StagedFile } from "./stage-upload.server";

/**
 * Ingests a staged file as a READY scene of a site in this process, without a
 * worker: the same checks and conversion job as an upload, run here with
 * `onProgress` (0..1, a message). On any failure the scene, its job and its
 * files are removed and the error is thrown.
 */
export async function ingestStagedScene(args: {
  staged: StagedFile;
  siteId: string;
  metadata: SceneMetadataInput;
  actor: SessionUser;
  onProgress?: (fraction: number, message: string) => void;
  signal?: AbortSignal;
}): Promise<{ scene: Scene; deduplicated: boolean }> {
  const accepted = await acceptSceneUpload(args);
  if (!accepted.job) return { scene: accepted.scene, deduplicated: true };
  if (accepted.deduplicated) {
    // The same file was already uploaded and is converting (or converts again): wait for that.
    await runJobNow({ jobId: accepted.job.id, onProgress: args.onProgress, signal: args.signal });
    return { scene: await db.scene.findUniqueOrThrow({ where: { id: accepted.scene.id } }), deduplicated: true };
  }
  const job = await runJobNow({ jobId: accepted.job.id, onProgress: args.onProgress, signal: args.signal });
  const scene = await db.scene.findUnique({ where: { id: accepted.scene.id } });
  if (job.status === "SUCCEEDED" && scene?.status === "READY") return { scene, deduplicated: false };
  await discardScene({ sceneId: accepted.scene.id });
  await db.job.delete({ where: { id: job.id } }).catch(() => undefined);
  if (job.status === "CANCELLED") throw new DomainError("conflict", `${args.staged.originalFilename}: the conversion was cancelled; nothing was stored`);
  throw new DomainError("unprocessable", job.error ?? `${args.staged.originalFilename}: the conversion failed`);
}
