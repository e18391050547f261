// The frozen public content of one site release, and its canonical JSON.
// Pure: built from plain rows, so it can be tested without a database.
import type { AreaGeometry } from "../geo/area-geometry";
import { resolvePublicRender, type PublicRender } from "../scenes/public-render";

/** What the public sees of a scene. Never the file, never its storage key. */
export interface PublicScene {
  id: string;
  acquiredAt: string;
  sensor: string;
  gsdM: number | null;
  cloudCoverPct: number | null;
  provider: string;
  license: string;
  attribution: string;
  publicDisplay: boolean;
  publicMaxZoom: number;
  /** How the public tiles render it in this release (absent in releases made before tiles existed). */
  render?: PublicRender;
  synthetic: boolean;
  /** GeoJSON Polygon, EPSG:4326. */
  footprint: AreaGeometry;
  crs: string;
}

export interface PublicSource {
  url: string;
  title: string;
  archiveUrl: string | null;
  accessedAt: string | null;
}

export interface PublicChange {
  id: string;
  /** The revision of the change published here (cite "change <id>, revision <n>"). */
  revision: number;
  changeType: string;
  /** The type's label when this release was made (the taxonomy can change later). */
  changeTypeLabel: string;
  damageGrade: string | null;
  confidence: string;
  description: string;
  /** Geodesic square metres. */
  areaM2: number;
  /** EPSG:4326, RFC 7946 winding. */
  geometry: AreaGeometry;
  beforeSceneId: string;
  afterSceneId: string;
  /** Detection window: the change happened between these acquisition dates (ISO 8601 UTC). */
  detectedAfter: string;
  detectedBy: string;
  sources: PublicSource[];
  /** Who drew it and who approved it: every claim is traceable to its reviewers. */
  analyst: string;
  /** Who wrote the published revision, when not the analyst who drew the change first. */
  revisedBy?: string;
  reviewers: string[];
  /** The release in which this change first appeared, and the one in which this revision appeared. */
  firstPublishedIn: number;
  revisedIn: number;
  /**
   * Image chips of the claim: its outline over the before and the after scene (PNG, content-addressed), rendered
   * when this revision was first published; absent in releases made before chips existed, null for a scene that
   * could not be drawn.
   */
  chips?: { before: ChipRef | null; after: ChipRef | null };
}

/** A chip as a snapshot names it: its sha256 (its address) and size. */
export interface ChipRef {
  sha256: string;
  width: number;
  height: number;
}

/** A change as it is named in a changelog. */
export interface ChangelogChangeRef {
  id: string;
  revision: number;
  changeTypeLabel: string;
  detectedAfter: string;
  detectedBy: string;
}

/** What is new in a release compared with the one before it; built automatically. */
export interface ReleaseChangelog {
  /** The release compared with; null for a site's first release. */
  previousRelease: number | null;
  added: ChangelogChangeRef[];
  /** Published changes replaced by a later revision: which public fields differ. */
  revised: (ChangelogChangeRef & { fromRevision: number; fields: string[] })[];
  /** Changes withdrawn from the public record, with the editor's public note. */
  retracted: (ChangelogChangeRef & { note: string | null; retractedAt: string | null; retractedBy: string | null })[];
  /** Public site fields (name, summary, footprint…) that differ from the previous release. */
  siteFields: string[];
}

export interface ReleaseSnapshot {
  schema: "sitewatch.release/1";
  site: {
    slug: string;
    name: string;
    kind: string;
    qualifier: string;
    country: string;
    region: string;
    publicSummary: string;
    methodologyNote: string;
    footprint: AreaGeometry;
    areaM2: number;
  };
  release: { number: number; note: string; publishedAt: string; publishedBy: string };
  changes: PublicChange[];
  scenes: PublicScene[];
  /** Absent only in snapshots written before changelogs existed. */
  changelog?: ReleaseChangelog;
}

/** What publishing now would do, as the publish panel shows it. */
/** A release just published, as POST /api/sites/:id/releases answers (the snapshot itself is read from the public pages). */
export interface PublishedReleaseView {
  number: number;
  note: string;
  /** ISO 8601 UTC. */
  publishedAt: string;
  /** sha256 of the snapshot's canonical JSON, as stored: what a citation can pin. */
  snapshotSha256: string;
  /** The job drawing the release's public tiles before readers ask (GET /api/jobs/:id follows it). */
  prerenderJobId: string | null;
  /** The installation key that signed it (lib/evidence). */
  signingKeyId: string | null;
}

export function toPublishedReleaseView(r: {
  number: number;
  note: string;
  publishedAt: Date;
  snapshotSha256: string;
  prerenderJobId?: string;
  signingKeyId?: string | null;
}): PublishedReleaseView {
  return {
    number: r.number,
    note: r.note,
    publishedAt: r.publishedAt.toISOString(),
    snapshotSha256: r.snapshotSha256,
    prerenderJobId: r.prerenderJobId ?? null,
    signingKeyId: r.signingKeyId ?? null,
  };
}

/** The newest release of a site, as the workspace names it. */
export interface LatestReleaseView {
  number: number;
  /** ISO 8601 UTC. */
  publishedAt: string;
  note: string;
}

/**
 * Why a scene of the site will not show its imagery in a release:
 * - "processing" / "failed": its conversion is still running, or failed;
 * - "unused": no change in the release uses it as its before or after scene
 *   (a release carries only the scenes its changes were drawn on);
 * - "licence": its licence does not allow public display (publicDisplay off):
 *   when a change uses it, the release lists its date and credit, never its pixels.
 */
export type SceneWithheldReason = "processing" | "failed" | "unused" | "licence";

/** Where one scene stands in a release: the rule the snapshot applies (scenesInRelease) and the publish preview explains. */
export interface SceneReleaseVerdict {
  /** In the release's scenes: its date, sensor, licence and credit are public. */
  inRelease: boolean;
  /** Its imagery is shown publicly (public tiles): in the release and its licence allows display. */
  imageryPublic: boolean;
  /** Why its imagery will not be public, most basic first; empty when it is. */
  reasons: SceneWithheldReason[];
}

/** The scenes the release's changes are drawn on (before and after of each public change). */
export function sceneIdsUsedBy(changes: readonly { beforeSceneId: string; afterSceneId: string }[]): Set<string> {
  return new Set(changes.flatMap((c) => [c.beforeSceneId, c.afterSceneId]));
}

/** Whether a scene is in a release whose changes use `usedSceneIds`, whether its imagery is public, and why not. */
export function sceneReleaseVerdict(args: { scene: { id: string; status: string; publicDisplay: boolean }; usedSceneIds: ReadonlySet<string> }): SceneReleaseVerdict {
  const { scene } = args;
  const inRelease = args.usedSceneIds.has(scene.id);
  const reasons: SceneWithheldReason[] = [
    ...(scene.status === "PROCESSING" ? ["processing" as const] : scene.status === "FAILED" ? ["failed" as const] : []),
    ...(inRelease ? [] : ["unused" as const]),
    ...(scene.publicDisplay ? [] : ["licence" as const]),
  ];
  return { inRelease, imageryPublic: inRelease && reasons.length === 0, reasons };
}

/** The scenes a release carries: those its changes use (the snapshot's rule), oldest first. */
export function scenesInRelease<S extends { id: string; status: string; publicDisplay: boolean; acquiredAt: Date }>(args: {
  changes: readonly { beforeSceneId: string; afterSceneId: string }[];
  scenes: readonly S[];
}): S[] {
  const usedSceneIds = sceneIdsUsedBy(args.changes);
  return args.scenes.filter((scene) => sceneReleaseVerdict({ scene, usedSceneIds }).inRelease).sort((a, b) => a.acquiredAt.getTime() - b.acquiredAt.getTime());
}

/** The sentence the publish preview shows for a reason. */
export function sceneWithheldText(reason: SceneWithheldReason, inRelease: boolean): string {
  switch (reason) {
    case "processing":
      return "it is still being converted";
    case "failed":
      return "its conversion failed";
    case "unused":
      return "no change in this release uses it as its before or after scene";
    case "licence":
      return inRelease ? "its licence does not allow public display (the release lists its date and credit only)" : "its licence does not allow public display";
  }
}

/** One scene of the site in the publish preview. */
export interface ReleaseSceneView {
  id: string;
  /** ISO 8601 UTC. */
  acquiredAt: string;
  sensor: string;
  license: string;
  synthetic: boolean;
  verdict: SceneReleaseVerdict;
}

export interface ReleasePreview {
  number: number;
  /** Every scene of the site (and any other scene a change of the release uses), oldest first, with where it stands in the release. */
  scenes: ReleaseSceneView[];
  changelog: ReleaseChangelog;
  /** sha256 of the changelog's canonical JSON: publishing with it refuses if the release would now contain anything else. */
  changelogSha256: string;
  /** Nothing to publish. */
  empty: boolean;
  /** Approved changes the viewer created or revised (four eyes: another editor publishes them). */
  ownApproved: string[];
  /** The viewer wrote or changed the site's public details since its last release. */
  ownSiteEdits: boolean;
}

/** Why the person previewing a release may not publish it now. */
export type ReleaseRefusal = { reason: "own-changes"; annotationIds: string[] } | { reason: "own-site-text" } | { reason: "nothing-to-publish" };

/**
 * What stands between this person and publishing, in the order publishing checks it (four eyes over the
 * changes, four eyes over the site's public text, then nothing to publish); empty when they may publish.
 * The publish form disables itself on the same list the server refuses on.
 */
export function releaseRefusals(p: Pick<ReleasePreview, "empty" | "ownApproved" | "ownSiteEdits">): ReleaseRefusal[] {
  return [
    ...(p.ownApproved.length > 0 ? [{ reason: "own-changes" as const, annotationIds: p.ownApproved }] : []),
    ...(p.ownSiteEdits ? [{ reason: "own-site-text" as const }] : []),
    ...(p.empty ? [{ reason: "nothing-to-publish" as const }] : []),
  ];
}

/** JSON with object keys sorted at every level, so equal content hashes equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, (v as Record<string, unknown>)[k]]),
        )
      : v,
  );
}

/** What a release freezes of a scene row: public metadata and the rendering of its public tiles. */
export function toPublicScene(s: {
  id: string;
  acquiredAt: Date;
  sensor: string;
  gsdM: number | null;
  cloudCoverPct: number | null;
  provider: string;
  license: string;
  attribution: string;
  publicDisplay: boolean;
  publicMaxZoom: number;
  publicRender: string;
  bandCount: number;
  bandStats: string;
  synthetic: boolean;
  footprint: string;
  crs: string;
}): PublicScene {
  return {
    id: s.id,
    acquiredAt: s.acquiredAt.toISOString(),
    sensor: s.sensor,
    gsdM: s.gsdM,
    cloudCoverPct: s.cloudCoverPct,
    provider: s.provider,
    license: s.license,
    attribution: s.attribution,
    publicDisplay: s.publicDisplay,
    publicMaxZoom: s.publicMaxZoom,
    render: resolvePublicRender(s),
    synthetic: s.synthetic,
    footprint: JSON.parse(s.footprint),
    crs: s.crs,
  };
}
