// Factories for db and e2e tests: real rows through the real lib/ functions.
import { randomUUID } from "node:crypto";
import path from "node:path";
import type { Role } from "@prisma/client";
import { createAnnotation } from "@/lib/annotations/create-annotation.server";
import type { AnnotationWithRevision } from "@/lib/annotations/change-view";
import type { CreateAnnotationInput } from "@/lib/annotations/annotation.schema";
import type { SessionUser } from "@/lib/auth/session.server";
import { db } from "@/lib/db.server";
import { transitionAnnotation } from "@/lib/review/transition-annotation.server";
import { ingestStagedScene } from "@/lib/scenes/ingest-scene.server";
import { stageLocalFile } from "@/lib/scenes/stage-upload.server";
import { createSite } from "@/lib/sites/create-site.server";
import type { CreateSiteInput } from "@/lib/sites/site.schema";
import { IMAGERY } from "../setup/paths";
import { syntheticLandsatFile } from "./synthetic-file";

export { syntheticLandsatFile };

/** A square of `sizeDeg` at (lon, lat), counter-clockwise. */
export function buildSquare(lon: number, lat: number, sizeDeg = 0.002) {
  return {
    type: "Polygon" as const,
    coordinates: [
      [
        [lon, lat],
        [lon + sizeDeg, lat],
        [lon + sizeDeg, lat + sizeDeg],
        [lon, lat + sizeDeg],
        [lon, lat],
      ],
    ],
  };
}

export async function createUser(role: Role, name?: string): Promise<SessionUser> {
  const id = randomUUID().slice(0, 8);
  const user = await db.user.create({
    data: { email: `${role.toLowerCase()}-${id}@test.example`, name: name ?? `${role.toLowerCase()} ${id}`, role, passwordHash: "not-a-real-hash" },
  });
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

export function buildSite(overrides: Partial<CreateSiteInput> = {}): CreateSiteInput {
  return {
    name: `Test site ${randomUUID().slice(0, 8)}`,
    kind: "settlement",
    qualifier: "suspected",
    country: "Brazil",
    footprint: buildSquare(-34.88, -8.02, 0.04),
    ...overrides,
  };
}

/** A site with two scenes (the real Landsat 7 subset, then a synthetic later one). */
export async function createSiteWithScenes(actor: SessionUser) {
  const site = await createSite({ input: buildSite(), actor });
  const meta = { license: "Apache-2.0", attribution: "test" };
  const before = await ingestStagedScene({
    actor,
    siteId: site.id,
    staged: await stageLocalFile(path.join(IMAGERY, "L7_ETMs.tif")),
    metadata: { ...meta, acquiredAt: "2001-07-15" },
  });
  const after = await ingestStagedScene({
    actor,
    siteId: site.id,
    staged: await stageLocalFile(await syntheticLandsatFile()),
    metadata: { ...meta, acquiredAt: "2003-08-02", synthetic: true },
  });
  return { site, before: before.scene, after: after.scene };
}

/** A new site over the same place that shares already-ingested scenes (no ingest: cheap isolation, e.g. one release per test). */
export async function createSiteSharingScenes(actor: SessionUser, scenes: { before: { id: string }; after: { id: string } }) {
  const site = await createSite({ input: buildSite(), actor });
  await db.siteScene.createMany({ data: [scenes.before.id, scenes.after.id].map((sceneId) => ({ siteId: site.id, sceneId })) });
  return { site, before: scenes.before, after: scenes.after };
}

export function buildAnnotation(scenes: { before: { id: string }; after: { id: string } }, overrides: Partial<CreateAnnotationInput> = {}): CreateAnnotationInput {
  return {
    geometry: buildSquare(-34.87, -8.01),
    changeType: "construction",
    confidence: "medium",
    beforeSceneId: scenes.before.id,
    afterSceneId: scenes.after.id,
    description: "New structures",
    sources: [{ url: "https://example.org/a", title: "Public report" }],
    ...overrides,
  };
}

export async function createAnnotationIn(
  status: "DRAFT" | "SUBMITTED" | "APPROVED",
  args: { siteId: string; author: SessionUser; reviewer?: SessionUser; scenes: { before: { id: string }; after: { id: string } }; input?: Partial<CreateAnnotationInput> },
) {
  let a: AnnotationWithRevision = await createAnnotation({ siteId: args.siteId, actor: args.author, input: buildAnnotation(args.scenes, args.input) });
  if (status === "DRAFT") return a;
  a = await transitionAnnotation({ annotationId: a.id, actor: args.author, input: { to: "SUBMITTED", version: a.version } });
  if (status === "SUBMITTED") return a;
  if (!args.reviewer) throw new Error("an APPROVED change needs a reviewer");
  return transitionAnnotation({ annotationId: a.id, actor: args.reviewer, input: { to: "APPROVED", version: a.version } });
}
