// After a crash: the temp files of processes that are gone (an upload cut by a
// killed web server, a COG half-written by a killed worker), and staged uploads
// that no scene waits for. Run when the web server and each worker start, and
// by workers from time to time. A live process's temp file is never touched.
import fs from "node:fs/promises";
import path from "node:path";
import { db } from "../db.server";
import { getBlobStore } from "./blob-store.server";
import { tempFileOwner } from "./temp-owner.server";

/** A temp file whose owner cannot be told (another host) is removed only when it has not been written to for this long. */
const STALE_MS = 24 * 3600 * 1000;
/** A staged upload is linked to its scene in the same request, a moment after it is staged. */
const STAGE_GRACE_MS = 60 * 1000;

async function entries(dir: string): Promise<{ name: string; file: string; mtimeMs: number }[]> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const out = [];
  for (const name of names) {
    const file = path.join(dir, name);
    const stat = await fs.stat(file).catch(() => null);
    if (stat?.isFile()) out.push({ name, file, mtimeMs: stat.mtimeMs });
  }
  return out;
}

export async function sweepStore(args: { now?: number } = {}): Promise<{ tempFiles: number; stagedFiles: number }> {
  const now = args.now ?? Date.now();
  const store = getBlobStore();
  let tempFiles = 0;
  for (const e of await entries(store.tempDir)) {
    const owner = tempFileOwner(e.name);
    if (owner === "gone" || (owner === "unknown" && now - e.mtimeMs > STALE_MS)) {
      await fs.rm(e.file, { force: true });
      tempFiles++;
    }
  }
  let stagedFiles = 0;
  const staged = await store.listStaged();
  if (staged.length) {
    const waiting = new Set((await db.scene.findMany({ where: { status: { in: ["PROCESSING", "FAILED"] } }, select: { sha256: true } })).map((s) => s.sha256));
    for (const e of staged) {
      if (!waiting.has(e.sha256) && now - e.modifiedMs > STAGE_GRACE_MS) {
        await store.unstage(e.sha256);
        stagedFiles++;
      }
    }
  }
  return { tempFiles, stagedFiles };
}
