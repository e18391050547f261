// Taking a GeoTIFF in: stage it next to the store while hashing, describe it
// with the imagery engine, convert it to a Cloud-Optimised GeoTIFF, store both
// (the original for provenance, the COG for viewing and tiles) under their
// sha256 and record the scene. Whatever fails, nothing is left behind: no temp
// file, no stored file, no row.
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Scene } from "@prisma/client";
import { ImageryError } from "@/imagery/imagery-error";
import { writeCog } from "@/imagery/cog/write-cog";
import { inspectGeoTiff } from "@/imagery/inspect";
import type { SessionUser } from "../auth/session.server";
import { config } from "../config.server";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { bboxColumns } from "../geo/geometry.server";
import { deleteJob, finishJob, jobProgressWriter, startJob } from "../jobs/jobs.server";
import { getBlobStore } from "../storage/blob-store.server";
import { SceneMetadataInput } from "./scene.schema";

export interface StagedFile {
  tempPath: string;
  sha256: string;
  byteSize: number;
  originalFilename: string;
}

/** A stream stage that hashes and counts, failing with too_large past the limit. */
export function createHashingCounter(maxBytes: number) {
  const hash = createHash("sha256");
  let byteSize = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) {
      byteSize += chunk.length;
      if (byteSize > maxBytes) {
        done(new DomainError("too_large", `the file is larger than the ${Math.round(maxBytes / 1024 ** 2)} MiB limit`));
        return;
      }
      hash.update(chunk);
      done(null, chunk);
    },
  });
  return { stream, result: () => ({ sha256: hash.digest("hex"), byteSize }) };
}

/** Copies a stream into the store's temp area, hashing it on the way. */
export async function stageStream(args: { source: NodeJS.ReadableStream; originalFilename: string }): Promise<StagedFile> {
  const store = getBlobStore();
  const tempPath = await store.createTempPath();
  const counter = createHashingCounter(config.maxUploadBytes);
  try {
    await pipeline(args.source, counter.stream, createWriteStream(tempPath));
  } catch (e) {
    await fs.rm(tempPath, { force: true });
    throw e;
  }
  return { tempPath, originalFilename: args.originalFilename, ...counter.result() };
}

export function stageLocalFile(file: string): Promise<StagedFile> {
  return stageStream({ source: createReadStream(file), originalFilename: path.basename(file) });
}

function imageryToDomain(e: unknown, filename: string): unknown {
  if (e instanceof ImageryError) {
    // 422 for every imagery problem, "too large" included: a 174-byte file claiming
    // 200000×200000 pixels is unprocessable imagery, not an oversized request (413).
    return new DomainError("unprocessable", `${filename}: ${e.message}`, { details: { imagery: e.code } });
  }
  return e;
}

export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(createReadStream(file), hash);
  return hash.digest("hex");
}

export interface IngestProgress {
  stage: "checking" | "converting" | "storing" | "done";
  /** 0..1 over the whole ingest after the upload. */
  fraction: number;
  message: string;
}

/**
 * Ingests a staged file as a scene of a site. The staged temp file is always
 * consumed (moved into the store or deleted). `onStarted` is called once the
 * file has been checked and the long part (conversion) begins.
 */
export async function ingestStagedScene(args: {
  staged: StagedFile;
  siteId: string;
  metadata: SceneMetadataInput;
  actor: SessionUser;
  onStarted?: () => Promise<void> | void;
  onProgress?: (p: IngestProgress) => void;
  signal?: AbortSignal;
}): Promise<{ scene: Scene; deduplicated: boolean }> {
  const { staged, onProgress } = args;
  const store = getBlobStore();
  const storedNew: string[] = [];
  let cogTemp: string | null = null;
  try {
    const metadata = SceneMetadataInput.parse(args.metadata);
    const site = await db.site.findUnique({ where: { id: args.siteId } });
    if (!site) throw new DomainError("not_found", "no such site");

    const existing = await db.scene.findUnique({ where: { sha256: staged.sha256 } });
    if (existing) {
      await fs.rm(staged.tempPath, { force: true });
      await db.siteScene.upsert({
        where: { siteId_sceneId: { siteId: site.id, sceneId: existing.id } },
        create: { siteId: site.id, sceneId: existing.id },
        update: {},
      });
      return { scene: existing, deduplicated: true };
    }

    onProgress?.({ stage: "checking", fraction: 0, message: "checking the file" });
    const described = await inspectGeoTiff(staged.tempPath).catch((e) => Promise.reject(imageryToDomain(e, staged.originalFilename)));
    await args.onStarted?.();
    cogTemp = await store.createTempPath();
    const cog = await writeCog(staged.tempPath, cogTemp, {
      signal: args.signal,
      onProgress: (p) => onProgress?.({ stage: "converting", fraction: 0.02 + 0.9 * p.fraction, message: p.message }),
    }).catch((e) => Promise.reject(imageryToDomain(e, staged.originalFilename)));
    onProgress?.({ stage: "storing", fraction: 0.93, message: "storing the original and the cloud-optimised copy" });
    const cogSha256 = await sha256OfFile(cogTemp);
    if ((await store.putFromTemp({ tempPath: staged.tempPath, sha256: staged.sha256 })).created) storedNew.push(staged.sha256);
    if ((await store.putFromTemp({ tempPath: cogTemp, sha256: cogSha256 })).created) storedNew.push(cogSha256);
    cogTemp = null;
    const stats = cog.bandStats;

    const scene = await db.$transaction(async (tx) => {
      const created = await tx.scene.create({
        data: {
          sha256: staged.sha256,
          originalFilename: staged.originalFilename.slice(0, 300),
          byteSize: staged.byteSize,
          cogSha256,
          cogByteSize: cog.byteSize,
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
          bandStats: JSON.stringify(stats),
          uploadedById: args.actor.id,
        },
      });
      await tx.siteScene.create({ data: { siteId: site.id, sceneId: created.id } });
      return created;
    });
    onProgress?.({ stage: "done", fraction: 1, message: "done" });
    return { scene, deduplicated: false };
  } catch (e) {
    await fs.rm(staged.tempPath, { force: true });
    if (cogTemp) await fs.rm(cogTemp, { force: true });
    for (const sha of storedNew) await store.delete(sha);
    throw e;
  }
}

/**
 * An upload's ingest reported through a Job row with the id the browser chose
 * (so it can poll from the start). The row appears once the file has passed
 * the checks and conversion begins; if the ingest fails it is removed with
 * everything else, so a refused file leaves nothing behind.
 */
export async function ingestWithJob(args: Parameters<typeof ingestStagedScene>[0] & { jobId: string | null }) {
  const { jobId, ...rest } = args;
  if (!jobId) return ingestStagedScene(rest);
  let writer: ReturnType<typeof jobProgressWriter> | null = null;
  try {
    const outcome = await ingestStagedScene({
      ...rest,
      onStarted: async () => {
        await startJob({
          id: jobId,
          kind: "ingest",
          actor: rest.actor,
          message: "converting to a cloud-optimised GeoTIFF",
          payload: { siteId: rest.siteId, filename: rest.staged.originalFilename },
        });
        writer = jobProgressWriter(jobId);
        await rest.onStarted?.();
      },
      onProgress: (p) => {
        writer?.report(p.fraction, p.message);
        rest.onProgress?.(p);
      },
    });
    if (writer) {
      await (writer as ReturnType<typeof jobProgressWriter>).flush();
      await finishJob({ jobId, result: { sceneId: outcome.scene.id } });
    }
    return outcome;
  } catch (e) {
    if (writer) {
      await (writer as ReturnType<typeof jobProgressWriter>).flush();
      await deleteJob(jobId);
    }
    throw e;
  }
}
