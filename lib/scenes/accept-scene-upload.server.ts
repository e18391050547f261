// The synchronous half of an upload: the staged file passes the cheap
// structural checks (the imagery engine describes it and decodes two blocks),
// and its footprint must meet the site's unless the analyst confirms it
// (scene-placement.ts), then the scene is recorded as PROCESSING together with its conversion job,
// and the file waits in the staging area for a worker. A file refused here
// leaves nothing: no temp file, no staged file, no row. A file already stored
// (same sha256) is that scene: it is linked to the site when the typed date,
// sensor and licence agree with it, and refused with 409 naming it otherwise
// (duplicate-upload.ts says why).
import type { Job, Scene } from "@prisma/client";
import fs from "node:fs/promises";
import { checkSampleBlocks } from "@/imagery/check-blocks";
import { inspectGeoTiff } from "@/imagery/inspect";
import type { SessionUser } from "../auth/session.server";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { bboxColumns } from "../geo/geometry.server";
import { enqueueJob } from "../jobs/enqueue-job.server";
import { mayFollowJob } from "../jobs/job-rules";
import { retryJob } from "../jobs/retry-job.server";
import { getBlobStore } from "../storage/blob-store.server";
import { CONVERT_SCENE_JOB } from "./convert-scene-job.server";
import { imageryToDomain, type StagedFile } from "./stage-upload.server";
import { SceneMetadataInput } from "./scene.schema";
import { duplicateMismatches, duplicateRefusalMessage, type TypedSceneFacts } from "./duplicate-upload";
import { offSiteMessage, scenePlacement } from "./scene-placement";
import type { AreaGeometry } from "../geo/area-geometry";

export interface AcceptedUpload {
  scene: Scene;
  /** The conversion job, to follow; null when the file was already stored and ready, or is converting under someone else's job. */
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
      assertOnSite({ footprint: JSON.parse(existing.footprint) as AreaGeometry, site, filename: staged.originalFilename, confirmed: metadata.confirmOffSite });
      return await linkExisting({ existing, siteId: site.id, actor: args.actor, tempPath: staged.tempPath, typed: metadata, filename: staged.originalFilename });
    }

    const described = await inspectGeoTiff(staged.tempPath).catch((e) => Promise.reject(imageryToDomain(e, staged.originalFilename)));
    await checkSampleBlocks(staged.tempPath).catch((e) => Promise.reject(imageryToDomain(e, staged.originalFilename)));
    // A broken file is refused as broken first; a sound one that lands away from the site, next.
    assertOnSite({ footprint: described.footprint, site, filename: staged.originalFilename, confirmed: metadata.confirmOffSite });

    await store.stage({ tempPath: staged.tempPath, sha256: staged.sha256 });
    stagedAs = staged.sha256;
    const created = await db
      .$transaction(async (tx) => {
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
      })
      .catch(async (e: unknown) => {
        // The same new file uploaded twice at once: the other upload created the scene a moment ago. The staged file
        // (the same bytes) is now its; this one follows it.
        const winner = (e as { code?: string }).code === "P2002" ? await db.scene.findUnique({ where: { sha256: staged.sha256 } }) : null;
        if (!winner) throw e;
        stagedAs = null;
        return linkExisting({ existing: winner, siteId: site.id, actor: args.actor, tempPath: null, typed: metadata, filename: staged.originalFilename });
      });
    return created;
  } catch (e) {
    await fs.rm(staged.tempPath, { force: true });
    if (stagedAs) await store.unstage(stagedAs);
    throw e;
  }
}

/** A scene whose footprint misses its site's is refused (409, with the distance) unless the analyst confirmed it. */
function assertOnSite(args: { footprint: AreaGeometry; site: { name: string; footprint: string }; filename: string; confirmed: boolean }): void {
  if (args.confirmed) return;
  const placement = scenePlacement({ scene: args.footprint, site: JSON.parse(args.site.footprint) as AreaGeometry });
  if (placement.overlaps) return;
  throw new DomainError("conflict", offSiteMessage({ filename: args.filename.slice(0, 200), siteName: args.site.name, distanceM: placement.distanceM }), {
    details: { offSite: { distanceM: Math.round(placement.distanceM) } },
  });
}

/**
 * The same bytes uploaded again: when the typed date, sensor and licence agree
 * with the stored scene, it is linked to this site too; otherwise nothing
 * changes and the answer (409) names that scene and its sites. A READY
 * scene is only linked; one still converting is followed (by whoever may
 * follow its job); one whose conversion failed is converted again from this
 * copy (its staged one may be gone) when the uploader or an admin sends it.
 */
async function linkExisting(args: {
  existing: Scene;
  siteId: string;
  actor: SessionUser;
  tempPath: string | null;
  typed: TypedSceneFacts;
  filename: string;
}): Promise<AcceptedUpload> {
  const { existing, actor, tempPath } = args;
  const store = getBlobStore();
  const mismatches = duplicateMismatches({ stored: existing, typed: args.typed });
  if (mismatches.length > 0) {
    // Refused before anything changes (the caller removes this upload's temp file).
    const sites = await db.site.findMany({ where: { scenes: { some: { sceneId: existing.id } } }, select: { name: true }, orderBy: { name: "asc" } });
    throw new DomainError(
      "conflict",
      duplicateRefusalMessage({ filename: args.filename.slice(0, 300), stored: existing, siteNames: sites.map((s) => s.name), typed: args.typed, mismatches }),
      {
        details: {
          scene: { id: existing.id, acquiredAt: existing.acquiredAt.toISOString(), sensor: existing.sensor, license: existing.license, sites: sites.map((s) => s.name) },
          mismatches,
        },
      },
    );
  }
  await db.siteScene.upsert({
    where: { siteId_sceneId: { siteId: args.siteId, sceneId: existing.id } },
    create: { siteId: args.siteId, sceneId: existing.id },
    update: {},
  });
  const job = existing.conversionJobId ? await db.job.findUnique({ where: { id: existing.conversionJobId } }) : null;
  const followable = job && mayFollowJob({ job, user: actor }) ? job : null;
  if (existing.status === "FAILED" && job && tempPath) {
    if (!followable) {
      await fs.rm(tempPath, { force: true });
      throw new DomainError(
        "conflict",
        `${existing.originalFilename}: this file was uploaded before by someone else and its conversion failed (${existing.statusMessage}); they or an admin can retry it`,
      );
    }
    await store.stage({ tempPath, sha256: existing.sha256 });
    await retryJob({ jobId: job.id, user: actor });
    return { scene: await db.scene.findUniqueOrThrow({ where: { id: existing.id } }), job: await db.job.findUniqueOrThrow({ where: { id: job.id } }), deduplicated: true };
  }
  if (tempPath) await fs.rm(tempPath, { force: true });
  return { scene: existing, job: existing.status === "PROCESSING" ? followable : null, deduplicated: true };
}
