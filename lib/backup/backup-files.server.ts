// File-system steps a backup and a restore share: making a rename durable, and
// what an installation on disk consists of.
import fs from "node:fs/promises";

/** Makes the names in `dir` durable (after a rename), where the platform allows it. */
export async function fsyncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, "r").catch(() => null);
  if (!handle) return;
  try {
    await handle.sync();
  } catch {
    // Some platforms (Windows) cannot sync a folder; the rename stands anyway.
  } finally {
    await handle.close();
  }
}

/** The files beside an SQLite database that belong to it. */
export const DATABASE_SIDE_FILES = ["-wal", "-shm", "-journal"];
