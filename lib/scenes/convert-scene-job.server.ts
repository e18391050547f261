// The conversion job of an accepted upload, run by a worker: the staged
// original becomes a Cloud-Optimised GeoTIFF with band statistics; both are
// stored under their sha256 (the original for provenance, the COG for the
// viewer, tiles and detection) and the scene becomes READY. Whatever fails,
// the store keeps no file of this run and the scene becomes FAILED with the
// reason; its staged original stays so that the job can be retried, until the
// scene is deleted. Run again after a worker died, it starts over and ends
// with the same files.
import fs from "node:fs/promises";
import { z } from "zod";
import { writeCog } from "@/imagery/cog/write-cog";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { defineJobKind, leaseLost } from "../jobs/job-kind";
import { getBlobStore } from "../storage/blob-store.server";
import { imageryToDomain, sha256OfFile } from "./stage-upload.server";
import { writerLabel } from "@/imagery/writer";

export const CONVERT_SCENE_JOB = "convert-scene";

const Payload = z.object({ sceneId: z.string().min(1) });

export const convertSceneJob = defineJobKind({
  kind: CONVERT_SCENE_JOB,
  payload: Payload,
  uniqueKey: ({ sceneId }) => `convert-scene:${sceneId}`,

  async run({ payload, signal, progress }) {
    const store = getBlobStore();
    const scene = await db.scene.findUnique({ where: { id: payload.sceneId } });
    if (!scene) throw new DomainError("not_found", "the scene was deleted before it could be converted");
    if (scene.status === "READY") return { result: { sceneId: scene.id }, message: "ready" };
    // The original waits in the staging area; after a run that died between storing it and marking the scene READY, it is in the store.
    const staged = await store.isStaged(scene.sha256);
    const source = staged ? await store.openStagedSource(scene.sha256) : (await store.has(scene.sha256)) ? await store.openSource(scene.sha256) : null;
    if (!source) throw new DomainError("unprocessable", `${scene.originalFilename}: the uploaded file is no longer kept; delete this scene and upload the file again`);

    const storedNew: string[] = [];
    let cogTemp: string | null = await store.createTempPath();
    let originalMoved = false;
    try {
      progress(0.01, "converting to a cloud-optimised GeoTIFF");
      const cog = await writeCog(source, cogTemp, { signal, onProgress: (p) => progress(0.01 + 0.9 * p.fraction, p.message) }).catch((e) =>
        Promise.reject(imageryToDomain(e, scene.originalFilename)),
      );
      signal.throwIfAborted();
      progress(0.93, "storing the original and the cloud-optimised copy");
      const cogSha256 = await sha256OfFile(cogTemp);
      const tempPath = cogTemp;
      const storeCog = () => store.putFromTemp({ tempPath, sha256: cogSha256 });
      const storeOriginal = () => (staged ? store.storeStaged(scene.sha256) : Promise.resolve(null));
      // The COG goes up while the original moves from staging into the store (on S3 both take a while); one after the
      // other in the odd case of a COG identical to its original (one key).
      const [cogStored, originalStored] =
        cogSha256 === scene.sha256 ? [await settle(storeCog()), await settle(storeOriginal())] : await Promise.allSettled([storeCog(), storeOriginal()]);
      if (cogStored.status === "fulfilled") {
        cogTemp = null;
        if (cogStored.value.created) storedNew.push(cogSha256);
      }
      if (originalStored.status === "fulfilled" && originalStored.value) {
        originalMoved = true;
        if (originalStored.value.created) storedNew.push(scene.sha256);
      }
      for (const r of [cogStored, originalStored]) if (r.status === "rejected") throw r.reason;
      signal.throwIfAborted();
      await db.scene.update({
        where: { id: scene.id },
        data: { status: "READY", statusMessage: "", cogSha256, cogByteSize: cog.byteSize, cogWriter: writerLabel(), bandStats: JSON.stringify(cog.bandStats) },
      });
      return { result: { sceneId: scene.id }, message: "ready" };
    } catch (e) {
      if (cogTemp) await fs.rm(cogTemp, { force: true });
      // Another worker took the job over (this one stalled past its lease): its files are the new run's now.
      if (leaseLost(signal)) throw e;
      // Back as it was: the original to the staging area (for a retry), no new file in the store.
      if (originalMoved && storedNew.includes(scene.sha256)) await store.restage(scene.sha256).catch(() => undefined);
      for (const sha of storedNew.filter((s) => s !== scene.sha256)) if (!(await isReferenced(sha))) await store.delete(sha);
      throw e;
    }
  },

  async settle({ job, payload }) {
    const why = job.status === "CANCELLED" ? "the conversion was cancelled" : (job.error ?? "the conversion failed");
    await db.scene.updateMany({ where: { id: payload.sceneId, status: "PROCESSING" }, data: { status: "FAILED", statusMessage: why } });
  },

  async reconcile() {
    const stuck = await db.scene.findMany({ where: { status: "PROCESSING" }, select: { id: true, conversionJobId: true } });
    if (!stuck.length) return;
    const ended = await db.job.findMany({ where: { id: { in: stuck.map((s) => s.conversionJobId!).filter(Boolean) }, status: { in: ["FAILED", "CANCELLED"] } } });
    for (const job of ended) await this.settle!({ job, payload: Payload.parse(JSON.parse(job.payload)) });
  },

  async beforeRetry({ payload }) {
    const scene = await db.scene.findUnique({ where: { id: payload.sceneId } });
    if (!scene) throw new DomainError("conflict", "the scene of this job has been deleted");
    const store = getBlobStore();
    if (!(await store.isStaged(scene.sha256)) && !(await store.has(scene.sha256))) {
      throw new DomainError("conflict", `${scene.originalFilename}: the uploaded file is no longer kept; delete this scene and upload the file again`);
    }
    await db.scene.updateMany({ where: { id: scene.id, status: "FAILED" }, data: { status: "PROCESSING", statusMessage: "" } });
  },
});

function settle<T>(p: Promise<T>): Promise<PromiseSettledResult<T>> {
  return p.then(
    (value) => ({ status: "fulfilled", value }) as const,
    (reason: unknown) => ({ status: "rejected", reason }) as const,
  );
}

/** Whether a stored file is some scene's original or COG (content-addressed files may be shared). */
async function isReferenced(sha256: string): Promise<boolean> {
  return (await db.scene.count({ where: { OR: [{ sha256 }, { cogSha256: sha256 }], status: "READY" } })) > 0;
}
