// The synchronous half of an upload: the staged file passes the cheap
// structural checks (the imagery engine describes it and decodes two blocks),
// then the scene is recorded as PROCESSING together with its conversion job,
// and the file waits in the staging area for a worker. A file refused here
// leaves nothing: no temp file, no staged file, no row. A file already stored
// (same sha256) is linked to the site instead.
import type { Job, Scene } from "@prisma/client";
import fs from "node:fs/promises";
import { checkSampleBlocks } from "@/imagery/check-blocks";
import { inspectGeoTiff } from "@/imagery/inspect";
import type { SessionUser } from "../auth/session.server";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { bboxColumns } from "../geo/geometry.server";
import { enqueueJob } from "../jobs/enqueue-job.server";
import { retryJob } from "../jobs/retry-job.server";
import { getBlobStore } from "../storage/blob-store.server";
import { CONVERT_SCENE_JOB } from "./convert-scene-job.server";
import { imageryToDomain, type StagedFile } from "./stage-upload.server";
import { SceneMetadataInput } from "./scene.schema";

export interface AcceptedUpload {
  scene: Scene;
  /** The conversion job; null when the file was already stored (READY) and only linked. */
  job: Job | null;
  /** The same bytes were uploaded before: this is that scene (now also linked to this site). */
  deduplicated: boolean;
}

export async function acceptSceneUpload(args: { staged: StagedFile; siteId: string; metadata: SceneMetadataInput; actor: SessionUser; jobId?: string }): Promise<AcceptedUpload> {
  const { staged } = args;
  const store = getBlobStore();
  let stagedAs: string | null = null;
  try {
    const metadata = SceneMetadataInput.parse(args.metadata);
    const site = await db.site.findUnique({ where: { id: args.siteId } });
    if (!site) throw new DomainError("not_found", "no such site");

    const existing = await db.scene.findUnique({ where: { sha256: staged.sha256 } });
    if (existing) {
      await db.siteScene.upsert({
        where: { siteId_sceneId: { siteId: site.id, sceneId: existing.id } },
        create: { siteId: site.id, sceneId: existing.id },
        update: {},
      });
      // The same bytes again: a READY scene is only linked; one still converting is followed; a failed
      // one is converted again from this copy (the staged one may be gone).
      if (existing.status === "FAILED" && existing.conversionJobId) {
        await store.stage({ tempPath: staged.tempPath, sha256: staged.sha256 });
        const job = await retryJob({ jobId: existing.conversionJobId, user: args.actor, authorised: true });
        return { scene: await db.scene.findUniqueOrThrow({ where: { id: existing.id } }), job: await db.job.findUniqueOrThrow({ where: { id: job.id } }), deduplicated: true };
      }
      await fs.rm(staged.tempPath, { force: true });
      const job = existing.status === "PROCESSING" && existing.conversionJobId ? await db.job.findUnique({ where: { id: existing.conversionJobId } }) : null;
      return { scene: existing, job, deduplicated: true };
    }

    const described = await inspectGeoTiff(staged.tempPath).catch((e) => Promise.reject(imageryToDomain(e, staged.originalFilename)));
    await checkSampleBlocks(staged.tempPath).catch((e) => Promise.reject(imageryToDomain(e, staged.originalFilename)));

    await store.stage({ tempPath: staged.tempPath, sha256: staged.sha256 });
    stagedAs = staged.sha256;
    return await db.$transaction(async (tx) => {
      const scene = await tx.scene.create({
        data: {
          sha256: staged.sha256,
          originalFilename: staged.originalFilename.slice(0, 300),
          byteSize: staged.byteSize,
          acquiredAt: metadata.acquiredAt,
          sensor: metadata.sensor,
          gsdM: metadata.gsdM ?? described.gsdM,
          cloudCoverPct: metadata.cloudCoverPct ?? null,
          provider: metadata.provider,
          license: metadata.license,
          attribution: metadata.attribution,
          publicDisplay: metadata.publicDisplay,
          publicMaxZoom: metadata.publicMaxZoom,
          synthetic: metadata.synthetic,
          width: described.width,
          height: described.height,
          bandCount: described.bands,
          dataType: described.dataType,
          nodata: described.nodata,
          crs: described.crs,
          crsProj4: described.crsProj4,
          footprint: JSON.stringify(described.footprint),
          ...bboxColumns(described.bbox),
          // Computed from the whole image by the conversion.
          bandStats: "[]",
          status: "PROCESSING",
          uploadedById: args.actor.id,
        },
      });
      await tx.siteScene.create({ data: { siteId: site.id, sceneId: scene.id } });
      const job = await enqueueJob({ kind: CONVERT_SCENE_JOB, payload: { sceneId: scene.id }, actor: args.actor, id: args.jobId, tx });
      return { scene: await tx.scene.update({ where: { id: scene.id }, data: { conversionJobId: job.id } }), job, deduplicated: false };
    });
  } catch (e) {
    await fs.rm(staged.tempPath, { force: true });
    if (stagedAs) await store.unstage(stagedAs);
    throw e;
  }
}
