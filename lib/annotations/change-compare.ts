// Comparing two states of a change, field by field: what someone else changed
// while you were editing (a 409), and which of your edits to reapply on top.
// Pure, for the edit form and the tests.
import type { ChangeView } from "./change-view";

/** The content fields a person edits, in the order they are shown. */
export const EDITABLE_FIELDS = ["geometry", "changeType", "damageGrade", "confidence", "beforeSceneId", "afterSceneId", "description", "tags", "sources"] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

export const FIELD_NAMES: Record<EditableField, string> = {
  geometry: "outline",
  changeType: "change type",
  damageGrade: "damage grade",
  confidence: "confidence",
  beforeSceneId: "before scene",
  afterSceneId: "after scene",
  description: "description",
  tags: "tags",
  sources: "sources",
};

/** The editable content of a change (what a PATCH can carry). */
export type ChangeContent = Pick<ChangeView, EditableField>;

export function contentOf(c: ChangeView): ChangeContent {
  return {
    geometry: c.geometry,
    changeType: c.changeType,
    damageGrade: c.damageGrade,
    confidence: c.confidence,
    beforeSceneId: c.beforeSceneId,
    afterSceneId: c.afterSceneId,
    description: c.description,
    tags: c.tags,
    sources: c.sources,
  };
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The fields whose values differ between two versions of a change (`from` the earlier, `to` the later; the answer is the same either way round). */
export function changedFields({ from, to }: { from: ChangeContent; to: ChangeContent }): EditableField[] {
  return EDITABLE_FIELDS.filter((f) => !same(from[f], to[f]));
}

/**
 * Reapplying my edits on top of someone else's: every field I changed from
 * `base` (the version I loaded) takes my value; every other field keeps theirs.
 * Returns the PATCH body fields and the fields both of us changed (mine win there).
 */
export function reapplyEdits(args: { base: ChangeContent; mine: ChangeContent; theirs: ChangeContent }): { patch: Partial<ChangeContent>; overlapping: EditableField[] } {
  const mineChanged = changedFields({ from: args.base, to: args.mine });
  const theirsChanged = new Set(changedFields({ from: args.base, to: args.theirs }));
  const patch: Partial<ChangeContent> = {};
  for (const f of mineChanged) (patch as Record<string, unknown>)[f] = args.mine[f];
  return { patch, overlapping: mineChanged.filter((f) => theirsChanged.has(f) && !same(args.mine[f], args.theirs[f])) };
}
