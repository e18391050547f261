// The changelog of a release: what was added, revised and retracted since the
// previous release, and which public site fields changed. Pure: built from the
// previous snapshot and the new content, so it is tested without a database.
import { canonicalJson, type ChangelogChangeRef, type PublicChange, type PublicScene, type ReleaseChangelog, type ReleaseSnapshot } from "./release-snapshot";

/** A change about to be published, before the release numbers it carries are known. */
export type DraftPublicChange = Omit<PublicChange, "firstPublishedIn" | "revisedIn">;

export interface Retraction {
  note: string | null;
  retractedAt: string | null;
  retractedBy: string | null;
}

/** People's names for the public fields of a change, in the order they are listed. */
const CHANGE_FIELDS: [keyof DraftPublicChange, string][] = [
  ["geometry", "outline"],
  ["changeType", "change type"],
  ["damageGrade", "damage grade"],
  ["confidence", "confidence"],
  ["beforeSceneId", "detection window"],
  ["afterSceneId", "detection window"],
  ["description", "description"],
  ["sources", "sources"],
];

const SITE_FIELDS: [keyof ReleaseSnapshot["site"], string][] = [
  ["name", "name"],
  ["kind", "kind"],
  ["qualifier", "qualifier"],
  ["country", "country"],
  ["region", "region"],
  ["publicSummary", "summary"],
  ["methodologyNote", "methodology note"],
  ["footprint", "footprint"],
];

/** Equal content, whatever the key order (a previous snapshot comes back from canonical JSON, sorted). */
function same(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function refOf(c: Pick<PublicChange, "id" | "revision" | "changeTypeLabel" | "detectedAfter" | "detectedBy">): ChangelogChangeRef {
  return { id: c.id, revision: c.revision, changeTypeLabel: c.changeTypeLabel, detectedAfter: c.detectedAfter, detectedBy: c.detectedBy };
}

/**
 * Numbers the changes of release `number` (first published in, revised in)
 * and lists what differs from `previous`. `retractions` holds the public note
 * of every change retracted since; a change that left the record without one
 * is still listed as retracted, with no note, so nothing disappears silently.
 */
export function buildChangelog(args: {
  number: number;
  previous: (Pick<ReleaseSnapshot, "release" | "changes" | "site"> & { scenes?: PublicScene[] }) | null;
  site: ReleaseSnapshot["site"];
  changes: DraftPublicChange[];
  /** The scenes the new release shows; a scene in both releases whose public metadata differs is listed as "imagery credits". */
  scenes?: PublicScene[];
  retractions: ReadonlyMap<string, Retraction>;
}): { changes: PublicChange[]; changelog: ReleaseChangelog } {
  const before = new Map((args.previous?.changes ?? []).map((c) => [c.id, c]));
  const changelog: ReleaseChangelog = {
    previousRelease: args.previous?.release.number ?? null,
    added: [],
    revised: [],
    retracted: [],
    siteFields: args.previous ? [...new Set(SITE_FIELDS.filter(([k]) => !same(args.previous!.site[k], args.site[k])).map(([, name]) => name))] : [],
  };
  const scenesBefore = new Map((args.previous?.scenes ?? []).map((s) => [s.id, s]));
  const credits = (s: PublicScene) => ({ ...s, render: undefined });
  if ((args.scenes ?? []).some((s) => scenesBefore.has(s.id) && !same(credits(scenesBefore.get(s.id)!), credits(s)))) changelog.siteFields.push("imagery credits");
  if ((args.scenes ?? []).some((s) => scenesBefore.has(s.id) && scenesBefore.get(s.id)!.render && s.render && scenesBefore.get(s.id)!.render!.key !== s.render.key))
    changelog.siteFields.push("imagery display");
  const changes = args.changes.map((c): PublicChange => {
    const prev = before.get(c.id);
    if (!prev) {
      changelog.added.push(refOf(c));
      return { ...c, firstPublishedIn: args.number, revisedIn: args.number };
    }
    if (prev.revision === c.revision) {
      // Snapshots written before these fields existed count as first published in the previous release.
      return { ...c, firstPublishedIn: prev.firstPublishedIn ?? args.previous!.release.number, revisedIn: prev.revisedIn ?? args.previous!.release.number };
    }
    const fields = [...new Set(CHANGE_FIELDS.filter(([k]) => !same(prev[k], c[k])).map(([, name]) => name))];
    const firstPublishedIn = prev.firstPublishedIn ?? args.previous!.release.number;
    // A revision that changed only internal things (tags, withheld sources) is not a public correction.
    if (fields.length === 0) return { ...c, firstPublishedIn, revisedIn: prev.revisedIn ?? args.previous!.release.number };
    changelog.revised.push({ ...refOf(c), fromRevision: prev.revision, fields });
    return { ...c, firstPublishedIn, revisedIn: args.number };
  });
  const now = new Set(changes.map((c) => c.id));
  for (const prev of before.values()) {
    if (now.has(prev.id)) continue;
    const r = args.retractions.get(prev.id);
    changelog.retracted.push({ ...refOf(prev), note: r?.note ?? null, retractedAt: r?.retractedAt ?? null, retractedBy: r?.retractedBy ?? null });
  }
  return { changes, changelog };
}

/** True when a release would publish nothing new (no change added, revised or retracted, no site field changed). */
export function isEmptyChangelog(c: ReleaseChangelog): boolean {
  return c.added.length + c.revised.length + c.retracted.length + c.siteFields.length === 0 && c.previousRelease !== null;
}
