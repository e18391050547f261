// Scenes ingested before COG conversion existed have only their original:
// make their cloud-optimised copy (and fresh statistics) now. The original and
// its sha256, which published claims cite, are left exactly as they are.
import fs from "node:fs/promises";
import { writeCog, type CogProgress } from "@/imagery/cog/write-cog";
import { db } from "../db.server";
import { getBlobStore } from "../storage/blob-store.server";
import { sha256OfFile } from "./stage-upload.server";
import { writerLabel } from "@/imagery/writer";

export interface ConvertOutcome {
  sceneId: string;
  ok: boolean;
  message: string;
}

export async function convertScenesWithoutCog(onProgress?: (sceneId: string, p: CogProgress) => void): Promise<ConvertOutcome[]> {
  const store = getBlobStore();
  const scenes = await db.scene.findMany({ where: { cogSha256: null, status: "READY" }, orderBy: { createdAt: "asc" } });
  const outcomes: ConvertOutcome[] = [];
  for (const scene of scenes) {
    const temp = await store.createTempPath();
    try {
      const cog = await writeCog(await store.openSource(scene.sha256), temp, { onProgress: (p) => onProgress?.(scene.id, p) });
      const cogSha256 = await sha256OfFile(temp);
      await store.putFromTemp({ tempPath: temp, sha256: cogSha256 });
      await db.scene.update({ where: { id: scene.id }, data: { cogSha256, cogByteSize: cog.byteSize, cogWriter: writerLabel(), bandStats: JSON.stringify(cog.bandStats) } });
      outcomes.push({ sceneId: scene.id, ok: true, message: `${scene.originalFilename}: converted` });
    } catch (e) {
      await fs.rm(temp, { force: true });
      outcomes.push({ sceneId: scene.id, ok: false, message: `${scene.originalFilename}: ${(e as Error).message}` });
    }
  }
  return outcomes;
}
