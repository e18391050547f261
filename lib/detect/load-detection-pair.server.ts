// The two scenes of a site that detection compares.
import { windowProblem } from "../annotations/annotation-rules";
import { db } from "../db.server";
import { DomainError } from "../errors";

/** The site and its two scenes; refused unless they form a detection window (annotation-rules.ts). */
export async function loadDetectionPair(args: { siteId: string; beforeSceneId: string; afterSceneId: string }) {
  const site = await db.site.findUnique({ where: { id: args.siteId } });
  if (!site) throw new DomainError("not_found", "no such site");
  const links = await db.siteScene.findMany({ where: { siteId: args.siteId, sceneId: { in: [args.beforeSceneId, args.afterSceneId] } }, include: { scene: true } });
  const before = links.find((l) => l.sceneId === args.beforeSceneId)?.scene;
  const after = links.find((l) => l.sceneId === args.afterSceneId)?.scene;
  if (!before || !after) throw new DomainError("bad_input", "the before and after scenes must both be scenes of this site");
  const problem = windowProblem({ before, after });
  if (problem) throw new DomainError("bad_input", problem);
  return { site, before, after };
}
