// The change vocabulary. Damage grades follow Copernicus EMS. Pure.
// Change types live in the database (ChangeTypeDef, editable by admins); this is
// the starting list the first migration inserts, for tests and fallbacks.
export const CHANGE_TYPES = ["construction", "demolition", "expansion", "burned_structures", "fencing_walls_watchtowers", "vegetation_clearance", "earthworks", "other"] as const;
export type ChangeType = (typeof CHANGE_TYPES)[number];

export const DAMAGE_GRADES = ["destroyed", "damaged", "possibly_damaged", "no_visible_damage"] as const;
export type DamageGrade = (typeof DAMAGE_GRADES)[number];

export const CONFIDENCE_LEVELS = ["low", "medium", "high"] as const;
export type Confidence = (typeof CONFIDENCE_LEVELS)[number];

const LABELS: Record<string, string> = {
  burned_structures: "burned structures",
  fencing_walls_watchtowers: "new fencing, walls or watchtowers",
  vegetation_clearance: "vegetation clearance",
  possibly_damaged: "possibly damaged",
  no_visible_damage: "no visible damage",
};

export function labelOf(value: string): string {
  return LABELS[value] ?? value.replaceAll("_", " ");
}

/** A change's review status for people: "changes requested", "draft", … */
export function statusLabel(status: string): string {
  return status.toLowerCase().replaceAll("_", " ");
}
