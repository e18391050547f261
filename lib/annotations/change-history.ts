// A change's history for people: each stored edit diff turned into named field
// changes (scene ids as dates, type keys as labels, geometry as outlines).
// Pure, so the panel and the tests read it the same way.
import type { AreaGeometry } from "../geo/area-geometry";
import { formatArea } from "../geo/area-geometry";
import { area } from "@turf/turf";
import { EDITABLE_FIELDS, FIELD_NAMES } from "./change-compare";
import { labelOf } from "./taxonomy";
import type { EventView } from "./change-view";

export type FieldChange =
  { field: "geometry"; label: string; from: AreaGeometry | null; to: AreaGeometry | null; summary: string } | { field: string; label: string; from: string; to: string };

const FIELD_LABELS: Record<string, string> = FIELD_NAMES;
const ORDER: string[] = [...EDITABLE_FIELDS];

interface SourceLike {
  url: string;
  title: string;
  archiveUrl?: string | null;
  accessedAt?: string | null;
  withheld?: boolean;
}

function parseGeometry(v: unknown): AreaGeometry | null {
  if (typeof v === "string") {
    try {
      return JSON.parse(v) as AreaGeometry;
    } catch {
      return null;
    }
  }
  return (v as AreaGeometry | null) ?? null;
}

function describeSources(v: unknown): string {
  const list = (Array.isArray(v) ? v : []) as SourceLike[];
  if (list.length === 0) return "none";
  return list.map((s) => `${s.title} <${s.url}>${s.archiveUrl ? ` (archived ${s.archiveUrl})` : ""}${s.withheld ? " [withheld]" : ""}`).join("; ");
}

function describeTags(v: unknown): string {
  const list = typeof v === "string" ? (JSON.parse(v) as string[]) : Array.isArray(v) ? (v as string[]) : [];
  return list.length ? list.join(", ") : "none";
}

/**
 * `diff` as stored on an edit event ({ field: { from, to } }); `lookups.sceneLabel`
 * and `lookups.typeLabel` name scenes and change types (the stored diff holds ids and keys).
 */
export function describeDiff({
  diff,
  lookups,
}: {
  diff: Record<string, { from: unknown; to: unknown }> | null;
  lookups: { sceneLabel: (id: string) => string; typeLabel: (key: string) => string };
}): FieldChange[] {
  if (!diff) return [];
  return Object.entries(diff)
    .sort(([a], [b]) => ORDER.indexOf(a) - ORDER.indexOf(b))
    .map(([field, { from, to }]): FieldChange => {
      const label = FIELD_LABELS[field] ?? field;
      if (field === "geometry") {
        const before = parseGeometry(from);
        const after = parseGeometry(to);
        const summary = before && after ? `${formatArea(area(before))} → ${formatArea(area(after))}` : "";
        return { field, label, from: before, to: after, summary };
      }
      const text = (v: unknown): string => {
        if (v === null || v === undefined || v === "") return "none";
        if (field === "beforeSceneId" || field === "afterSceneId") return lookups.sceneLabel(String(v));
        if (field === "changeType") return lookups.typeLabel(String(v));
        if (field === "damageGrade") return labelOf(String(v));
        if (field === "sources") return describeSources(v);
        if (field === "tags") return describeTags(v);
        return String(v);
      };
      return { field, label, from: text(from), to: text(to) };
    });
}

/** The verb of an event for people: "approved", "asked for changes to", … */
export function describeAction(action: string): string {
  const words: Record<string, string> = {
    create: "created",
    edit: "edited",
    submit: "submitted",
    resubmit: "resubmitted",
    approve: "approved",
    request_changes: "asked for changes to",
    reject: "rejected",
    publish: "published",
    retract: "retracted",
  };
  return words[action] ?? action.replaceAll("_", " ");
}

/** One event in a change's history panel, its edit diff described field by field. */
export interface HistoryEvent extends Omit<EventView, "diff"> {
  /** "approved", "edited", … */
  verb: string;
  changes: FieldChange[];
}

/** One revision's outline in the history panel. */
export interface HistoryRevision {
  number: number;
  createdAt: string;
  createdBy: string;
  geometry: AreaGeometry;
  /** Published in a release (the public saw or sees this revision). */
  published: boolean;
}

export interface ChangeHistory {
  events: HistoryEvent[];
  revisions: HistoryRevision[];
}
