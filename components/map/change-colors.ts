// Colours of change types (public and workspace maps, legends, the area plot) and of review statuses (workspace). Pure.
export const CHANGE_COLORS: Record<string, string> = {
  sketch: "#f59e0b",
  /** A change candidate from detection, not yet decided. */
  CANDIDATE: "#0891b2",
  DRAFT: "#6b7280",
  SUBMITTED: "#d97706",
  CHANGES_REQUESTED: "#9333ea",
  APPROVED: "#059669",
  REJECTED: "#991b1b",
  PUBLISHED: "#dc2626",
  RETRACTED: "#111827",
  construction: "#2563eb",
  demolition: "#dc2626",
  expansion: "#7c3aed",
  burned_structures: "#ea580c",
  fencing_walls_watchtowers: "#0f766e",
  vegetation_clearance: "#65a30d",
  earthworks: "#a16207",
  other: "#475569",
};

export function changeColor(kind: string): string {
  return CHANGE_COLORS[kind] ?? "#dc2626";
}
