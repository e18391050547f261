// What a revision must satisfy before it is written, checked against the
// database inside the writer's transaction: its detection window, its change
// type and damage grade, and its geometry (change-geometry-rules.ts) with the
// site's footprint and the other live changes of the same window.
import { bbox as turfBbox } from "@turf/turf";
import { db, type Tx } from "../db.server";
import { DomainError } from "../errors";
import { checkAreaStructure, type AreaGeometry, type Bbox } from "../geo/area-geometry";
import { getFootprintBufferM } from "../settings/get-footprint-buffer.server";
import { damageGradeProblem, liveInWindowWhere, mayChooseType, windowProblem } from "./annotation-rules";
import { allowedAreaOf, checkChangeGeometry, geometryContextOf, scenePixelAreaM2, summariseIssues, type ChangeGeometryContext } from "./change-geometry-rules";
import { loadTypeLabels } from "./load-type-labels.server";

/** The after scene as the geometry rules need it (its footprint is GeoJSON text in EPSG:4326). */
interface AfterScene {
  id: string;
  footprint: string;
  width: number;
  height: number;
}

/**
 * The two scenes of a detection window, refused unless both are scenes of this site and they form a window
 * (annotation-rules.ts). Writing a change and starting detection both load their scenes here.
 */
export async function assertDetectionWindow(args: { tx?: Tx; siteId: string; beforeSceneId: string; afterSceneId: string }) {
  const links = await (args.tx ?? db).siteScene.findMany({ where: { siteId: args.siteId, sceneId: { in: [args.beforeSceneId, args.afterSceneId] } }, include: { scene: true } });
  const before = links.find((l) => l.sceneId === args.beforeSceneId)?.scene;
  const after = links.find((l) => l.sceneId === args.afterSceneId)?.scene;
  if (!before || !after) throw new DomainError("bad_input", "the before and after scenes must both be scenes of this site");
  const problem = windowProblem({ before, after });
  if (problem) throw new DomainError("bad_input", problem);
  return { before, after };
}

/** The change type must be in the taxonomy and in use (a retired type may be kept, not newly chosen); the damage grade must fit it. */
export async function assertTypeAndGrade(args: { tx: Tx; changeType: string; damageGrade: string | null; keptType?: string }) {
  const type = await args.tx.changeTypeDef.findUnique({ where: { key: args.changeType } });
  if (!type) throw new DomainError("bad_input", `"${args.changeType}" is not a change type; choose one from the list`);
  if (!mayChooseType({ type, keptType: args.keptType })) throw new DomainError("bad_input", `the change type "${type.label}" is retired; choose another`);
  const gradeProblem = damageGradeProblem({ type, damageGrade: args.damageGrade });
  if (gradeProblem) throw new DomainError("bad_input", gradeProblem);
}

/**
 * What the geometry rules need to know about a site: where changes may lie,
 * the smallest ring the after scene can show, and the other live changes of
 * the same detection window near `bbox`.
 */
export async function loadGeometryContext(args: {
  tx: Tx;
  siteId: string;
  beforeSceneId: string;
  afterScene: AfterScene;
  bbox: Bbox | null;
  excludeId?: string;
}): Promise<ChangeGeometryContext> {
  const { tx } = args;
  const site = await tx.site.findUniqueOrThrow({ where: { id: args.siteId }, select: { footprint: true } });
  const footprintBufferM = await getFootprintBufferM(tx);
  const labels = await loadTypeLabels(tx);
  const live = liveInWindowWhere({ beforeSceneId: args.beforeSceneId, afterSceneId: args.afterScene.id });
  const sameWindow = args.bbox
    ? await tx.annotation.findMany({
        where: {
          siteId: args.siteId,
          ...live,
          ...(args.excludeId ? { id: { not: args.excludeId } } : {}),
          currentRevision: {
            ...live.currentRevision,
            bboxMinLon: { lte: args.bbox[2] },
            bboxMaxLon: { gte: args.bbox[0] },
            bboxMinLat: { lte: args.bbox[3] },
            bboxMaxLat: { gte: args.bbox[1] },
          },
        },
        select: { id: true, status: true, currentRevision: { select: { geometry: true, changeType: true } }, author: { select: { name: true } } },
        // Overlaps are a warning: the first few are enough to name.
        take: 50,
      })
    : [];
  return geometryContextOf({
    allowedArea: allowedAreaOf({ footprint: JSON.parse(site.footprint) as AreaGeometry, footprintBufferM }),
    footprintBufferM,
    afterScenePixelAreaM2: scenePixelAreaM2({ footprint: JSON.parse(args.afterScene.footprint), width: args.afterScene.width, height: args.afterScene.height }),
    others: sameWindow.map((o) => ({
      id: o.id,
      status: o.status,
      typeLabel: labels.get(o.currentRevision!.changeType) ?? o.currentRevision!.changeType,
      authorName: o.author.name,
      geometry: JSON.parse(o.currentRevision!.geometry) as AreaGeometry,
    })),
  });
}

/** Applies the change geometry rules; errors refuse the write with 422 (nothing stored), warnings come back with the change. */
export async function checkGeometryOrThrow(args: { tx: Tx; siteId: string; beforeSceneId: string; afterScene: AfterScene; excludeId?: string; geometry: unknown }) {
  // The bbox of the input, before the full check, only narrows which other changes are compared.
  const structure = checkAreaStructure(args.geometry);
  const context = await loadGeometryContext({ ...args, bbox: structure.ok ? (turfBbox(structure.geometry) as Bbox) : null });
  const check = checkChangeGeometry({ input: args.geometry, ctx: context });
  if (!check.ok || !check.geometry || !check.bbox || check.areaM2 === null) {
    throw new DomainError("unprocessable", `change geometry: ${summariseIssues(check.errors)}`, {
      details: { problem: check.errors[0]?.code, problems: check.errors, warnings: check.warnings },
    });
  }
  return { geometry: check.geometry, bbox: check.bbox, areaM2: check.areaM2, warnings: check.warnings };
}
