// Rules about a change that the server enforces and the pages check while a
// person works (the editor, the compare viewer, the detection panel, the
// overlap warnings). Pure: one copy, read by both sides.
import type { AnnotationStatus, SceneStatus } from "@prisma/client";
import { sceneUseProblem } from "../scenes/scene-rules";
import { DAMAGE_GRADES, labelOf } from "./taxonomy";

/** Statuses that close a change: it no longer counts as a record of anything (not compared, not flagged as overlapping). */
export const CLOSED_STATUSES = ["REJECTED", "RETRACTED"] as const satisfies readonly AnnotationStatus[];

/** A change that still stands: not rejected, not retracted. */
export function isLiveChange(status: AnnotationStatus): boolean {
  return !(CLOSED_STATUSES as readonly AnnotationStatus[]).includes(status);
}

/** The two scenes a change was drawn between (its detection window). */
export interface DetectionWindow {
  beforeSceneId: string;
  afterSceneId: string;
}

/** A live change drawn on exactly this detection window: overlaps with it are worth a warning. */
export function isLiveInWindow(args: { change: DetectionWindow & { status: AnnotationStatus }; window: DetectionWindow }): boolean {
  return isLiveChange(args.change.status) && args.change.beforeSceneId === args.window.beforeSceneId && args.change.afterSceneId === args.window.afterSceneId;
}

/** isLiveInWindow as a database query (a `where` on changes), so the server asks the same question the pages do. */
export function liveInWindowWhere(window: DetectionWindow) {
  return {
    status: { notIn: [...CLOSED_STATUSES] },
    currentRevision: { beforeSceneId: window.beforeSceneId, afterSceneId: window.afterSceneId },
  };
}

/** A scene as the window rule needs it: acquisition time as a Date or ISO 8601 UTC string. */
interface DatedScene {
  id: string;
  acquiredAt: string | Date;
  /** Only a READY scene can be part of a window (scene-rules.ts). */
  status: SceneStatus;
  statusMessage?: string;
}

/**
 * Why two scenes cannot be a detection window, or null when they can: they are
 * two different scenes and the before scene is acquired strictly earlier.
 */
export function windowProblem(args: { before: DatedScene; after: DatedScene }): string | null {
  const unusable = sceneUseProblem(args.before) ?? sceneUseProblem(args.after);
  if (unusable) return unusable;
  if (args.before.id === args.after.id) return "choose two different scenes to compare";
  if (new Date(args.before.acquiredAt).getTime() >= new Date(args.after.acquiredAt).getTime()) {
    return "the before scene must be acquired strictly earlier than the after scene";
  }
  return null;
}

/** Whether a change may take this type: one in use, or the type it already has (a retired type may be kept, not newly chosen). */
export function mayChooseType(args: { type: { key: string; active: boolean }; keptType?: string | null }): boolean {
  return args.type.active || args.type.key === args.keptType;
}

/** Why a damage grade does not fit the change type, or null: the types that need one must have one, the others none. */
export function damageGradeProblem(args: { type: { label: string; damageGradeApplies: boolean }; damageGrade: string | null }): string | null {
  if (args.type.damageGradeApplies && !args.damageGrade) {
    const grades = DAMAGE_GRADES.map(labelOf);
    return `a change of type "${args.type.label}" needs a damage grade (${grades.slice(0, -1).join(", ")} or ${grades.at(-1)})`;
  }
  if (!args.type.damageGradeApplies && args.damageGrade) return `a damage grade does not apply to "${args.type.label}"; leave it empty`;
  return null;
}
