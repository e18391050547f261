// The chain of custody of one change, as the signed-in custody page shows it:
// every file (original, its COG, the image chips), each with its sha256; every
// person and decision (the change's links of its site's hash chain); and every
// release that carried it, with its signature. Pure types.
export interface CustodyFile {
  kind: "original" | "cog" | "chip";
  sha256: string;
  bytes: number | null;
  /** What it is, for a person: the scene's date and sensor, or the chip's revision and scene. */
  what: string;
  /** The file it was derived from (a COG from its original), by sha256. */
  derivedFrom: string | null;
  /** Who put it there and when (the uploader for an original). */
  by: string | null;
  at: string | null;
}

export interface CustodyEvent {
  sequence: number | null;
  action: string;
  from: string | null;
  to: string;
  actor: string;
  at: string;
  comment: string | null;
  revision: number | null;
  hash: string | null;
  prevHash: string | null;
}

export interface CustodyRelease {
  number: number;
  publishedAt: string;
  publishedBy: string;
  /** The revision of the change the release carried, or null if it did not carry it (retracted). */
  revision: number | null;
  snapshotSha256: string;
  chainLength: number | null;
  chainHead: string | null;
  signingKeyId: string | null;
}

export interface ChangeCustodyView {
  id: string;
  status: string;
  site: { slug: string; name: string };
  revisions: { number: number; author: string; at: string; beforeScene: string; afterScene: string; geometrySha256: string }[];
  files: CustodyFile[];
  events: CustodyEvent[];
  releases: CustodyRelease[];
}
