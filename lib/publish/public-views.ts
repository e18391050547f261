// What the public pages and the public site API read about a site, built only
// from release snapshots (public-read.server.ts). Pure.
import type { ReleaseChangelog, ReleaseSnapshot } from "../releases/release-snapshot";

export interface PublicReleaseSummary {
  number: number;
  note: string;
  publishedAt: string;
  /** What that release changed (absent for snapshots made before changelogs existed). */
  changelog: ReleaseChangelog | null;
}

/** A release's signature as readers check it (docs/verify.md): the signed text and its Ed25519 signature. */
export interface PublicReleaseSignature {
  installation: string;
  keyId: string;
  /** The canonical JSON that was signed (lib/evidence/signing.ts). */
  payload: string;
  /** base64. */
  signature: string;
}

export interface PublicSiteView {
  snapshot: ReleaseSnapshot;
  snapshotSha256: string;
  /** Null for a release made before releases were signed. */
  signature: PublicReleaseSignature | null;
  /** Every release of the site, newest first: the public correction history. */
  history: PublicReleaseSummary[];
}

export interface PublishedSiteProperties extends Pick<ReleaseSnapshot["site"], "slug" | "name" | "kind" | "qualifier" | "country" | "region" | "publicSummary"> {
  release: number;
  releasedAt: string;
  changeCount: number;
  /** Change types present (keys), for filtering. */
  changeTypes: string[];
  /** The earliest detection window start and the latest window end of its changes (ISO dates), null without changes. */
  changesFrom: string | null;
  changesTo: string | null;
  /** The footprint's bounding-box centre, for clustering at small scales. */
  center: [number, number];
}
