// What a Sitewatch backup holds and how its entries are named. A backup is one
// ustar archive (tar-format.ts):
//
//   sitewatch-backup.json         this manifest, first, so a restore knows what must follow
//   sitewatch.db                  the database, a consistent snapshot (VACUUM INTO)
//   store/ab/abcd…                every store file the database refers to, under its sha256
//   store/.staging/abcd….tif      uploads still waiting for (or failed in) conversion
//
// The store paths are the store's own layout (blob-store.server.ts), so
// `tar xf` alone gives a usable database and store. Not in a backup: the public
// tile cache (rendered again from the COGs on demand, and unbounded), temp
// files, files no row refers to, and the configuration (the environment).
import { z } from "zod";

export const BACKUP_FORMAT = "sitewatch-backup";
export const BACKUP_VERSION = 1;
export const MANIFEST_ENTRY = "sitewatch-backup.json";
export const DATABASE_ENTRY = "sitewatch.db";

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, "not a sha256");
const Bytes = z.number().int().nonnegative();

/** Where a file goes back: the store proper, or the staging area of uploads not yet converted. */
export const BlobPlace = z.enum(["store", "staging"]);
export type BlobPlace = z.infer<typeof BlobPlace>;

export const BackupManifest = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
  /** ISO 8601 UTC: the moment of the database snapshot. */
  createdAt: z.string(),
  note: z.string(),
  database: z.object({
    sha256: Sha256,
    bytes: Bytes,
    /** The Prisma migrations applied to it, oldest first: a restore refuses a database newer than its code. */
    migrations: z.array(z.string()),
  }),
  /** Every file the database refers to, in archive order; `sha256` is both its name and the hash of its bytes. */
  blobs: z.array(z.object({ sha256: Sha256, bytes: Bytes, place: BlobPlace })),
  /** Uploads of scenes that never became READY whose file was no longer kept when the backup was taken. */
  absent: z.array(z.object({ sha256: Sha256, sceneId: z.string() })),
});
export type BackupManifest = z.infer<typeof BackupManifest>;

export const MANIFEST_NOTE =
  "Sitewatch backup: the database (a consistent snapshot) and every imagery file it refers to, each under its sha256. " +
  "Not included: the public tile cache (rendered again on demand), temp files and the configuration. Restore with `sitewatch restore`.";

export function blobEntryName({ sha256, place }: { sha256: string; place: BlobPlace }): string {
  return place === "store" ? `store/${sha256.slice(0, 2)}/${sha256}` : `store/.staging/${sha256}.tif`;
}

export type EntryKind = { kind: "manifest" } | { kind: "database" } | { kind: "blob"; sha256: string; place: BlobPlace };

/** What an archive entry is, from its name; null for a name a backup never holds. */
export function entryKindOf(name: string): EntryKind | null {
  if (name === MANIFEST_ENTRY) return { kind: "manifest" };
  if (name === DATABASE_ENTRY) return { kind: "database" };
  const stored = /^store\/([0-9a-f]{2})\/([0-9a-f]{64})$/.exec(name);
  if (stored && stored[2]!.startsWith(stored[1]!)) return { kind: "blob", sha256: stored[2]!, place: "store" };
  const staged = /^store\/\.staging\/([0-9a-f]{64})\.tif$/.exec(name);
  if (staged) return { kind: "blob", sha256: staged[1]!, place: "staging" };
  return null;
}

/** A scene row as far as its files go. */
export interface SceneFiles {
  id: string;
  sha256: string;
  cogSha256: string | null;
  status: string;
}

export interface BlobReference {
  sha256: string;
  place: BlobPlace;
  /** A scene that refers to it (the first one). */
  sceneId: string;
  /** A READY scene's original and COG must be in the store; an upload waiting for conversion may already be gone (its scene was deleted). */
  required: boolean;
}

/**
 * The files the database refers to. Today only scenes do: `Scene.sha256` (the
 * original as uploaded) and `Scene.cogSha256` (its cloud-optimised copy). The
 * other sha256 columns are not files: `Release.snapshotSha256` hashes a
 * snapshot kept in the row itself, `Session.id` and token ids hash secrets,
 * `Tip.senderKey` hashes an address. A READY scene's files are in the store;
 * a PROCESSING or FAILED scene's upload waits in the staging area (or, after a
 * conversion that died half-way, already in the store). One entry per file,
 * in the store when any READY scene uses it.
 */
export function referencedBlobs(scenes: SceneFiles[]): BlobReference[] {
  const bySha = new Map<string, BlobReference>();
  const add = (ref: BlobReference) => {
    const seen = bySha.get(ref.sha256);
    if (!seen) bySha.set(ref.sha256, ref);
    else if (ref.required && !seen.required) bySha.set(ref.sha256, ref);
  };
  for (const s of scenes) {
    const ready = s.status === "READY";
    add({ sha256: s.sha256, place: ready ? "store" : "staging", sceneId: s.id, required: ready });
    if (s.cogSha256) add({ sha256: s.cogSha256, place: "store", sceneId: s.id, required: true });
  }
  return [...bySha.values()].sort((a, b) => (a.place === b.place ? a.sha256.localeCompare(b.sha256) : a.place === "store" ? -1 : 1));
}

/** The migrations a backup's database has that this code does not know (made by a newer Sitewatch). */
export function unknownMigrations({ archived, known }: { archived: string[]; known: string[] }): string[] {
  const k = new Set(known);
  return archived.filter((m) => !k.has(m));
}
