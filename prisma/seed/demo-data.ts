// The demo: four accounts, a site over Olinda (Brazil), the real Landsat 7
// scene and a synthetic later scene with painted changes, and changes in
// several review states with one published release. Idempotent: accounts are
// created when missing, the site only when it does not exist yet.
import os from "node:os";
import path from "node:path";
import fs from "node:fs/promises";
import { hashPassword } from "@/lib/auth/password.server";
import type { SessionUser } from "@/lib/auth/session.server";
import { createAnnotation } from "@/lib/annotations/create-annotation.server";
import { addComment } from "@/lib/annotations/add-comment.server";
import { db } from "@/lib/db.server";
import { publishRelease } from "@/lib/releases/publish-release.server";
import { transitionAnnotation } from "@/lib/review/transition-annotation.server";
import { ingestStagedScene } from "@/lib/scenes/ingest-scene.server";
import { stageLocalFile } from "@/lib/scenes/stage-upload.server";
import { createSite } from "@/lib/sites/create-site.server";
import { lookupEpsg, toLonLat } from "@/imagery/crs";
import { deriveSyntheticScene, pixelRectToRing, type PaintedChange } from "@/imagery/synthetic/derive-scene";

export const DEMO_PASSWORD = "sitewatch-demo";
export const DEMO_ACCOUNTS = [
  { email: "admin@example.org", name: "Ada Admin", role: "ADMIN" },
  { email: "analyst@example.org", name: "Ana Analyst", role: "ANALYST" },
  { email: "editor@example.org", name: "Eli Editor", role: "EDITOR" },
  { email: "editor2@example.org", name: "Erin Editor", role: "EDITOR" },
] as const;

export const DEMO_SITE_SLUG = "olinda";
const L7_FILE = path.resolve("tests/fixtures/imagery/L7_ETMs.tif");
const L7_EPSG = 31985;
// Grid of L7_ETMs.tif (GDAL order), to place the painted changes on the map.
const L7_GT: [number, number, number, number, number, number] = [288776.25000080315, 28.49999999927454, 0, 9120760.750028737, 0, -28.49999999927454];

/** Pixel rectangles [col0, row0, col1, row1) painted into the synthetic scene. */
const PAINTED = {
  roofs: { rect: [135, 95, 160, 110], values: [210, 200, 195, 185, 205, 175] },
  burn: { rect: [200, 170, 225, 190], values: [22, 16, 12, 9, 7, 5] },
  expansion: { rect: [230, 100, 255, 115], values: [190, 180, 170, 160, 185, 150] },
  earthworks: { rect: [160, 200, 180, 215], values: [150, 130, 125, 110, 170, 150] },
  // Not drawn as a change in the demo: left for change detection ("Find changes") to find.
  clearing: { rect: [250, 212, 270, 236], values: [140, 135, 150, 95, 200, 170] },
} satisfies Record<string, PaintedChange>;

function ring(rect: [number, number, number, number], grow = 1) {
  const [c0, r0, c1, r1] = rect;
  return pixelRectToRing([c0 - grow, r0 - grow, c1 + grow, r1 + grow], L7_GT, toLonLat(lookupEpsg(L7_EPSG)));
}

export async function seedAccounts(): Promise<Record<string, SessionUser>> {
  const users: Record<string, SessionUser> = {};
  for (const account of DEMO_ACCOUNTS) {
    const existing = await db.user.findUnique({ where: { email: account.email } });
    const user = existing ?? (await db.user.create({ data: { ...account, passwordHash: await hashPassword(DEMO_PASSWORD) } }));
    users[account.email] = { id: user.id, email: user.email, name: user.name, role: user.role };
  }
  return users;
}

export async function seedDemo(): Promise<{ created: boolean }> {
  const users = await seedAccounts();
  if (await db.site.findUnique({ where: { slug: DEMO_SITE_SLUG } })) return { created: false };
  const analyst = users["analyst@example.org"]!;
  const editor = users["editor@example.org"]!;
  const editor2 = users["editor2@example.org"]!;

  const site = await createSite({
    actor: analyst,
    input: {
      name: "Olinda (demo)",
      slug: DEMO_SITE_SLUG,
      kind: "settlement",
      qualifier: "potential",
      country: "Brazil",
      region: "Pernambuco",
      description: "Demo site. The later scene is synthetic: changes were painted into a copy of the real Landsat 7 scene.",
      publicSummary:
        "Demonstration site over Olinda, Brazil. The 2001 scene is a real Landsat 7 ETM+ subset; the 2003 scene is SYNTHETIC, derived from it with painted changes, so that the workflow can be shown. Nothing here describes real events.",
      methodologyNote:
        "Changes were drawn between two dated scenes and reviewed by a second person before publication. The dates are when a change was detected between two images, not when it happened.",
      footprint: { type: "Polygon", coordinates: [ring([120, 60, 290, 260], 0)] },
    },
  });

  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), "sitewatch-seed-"));
  try {
    const before = await ingestStagedScene({
      actor: analyst,
      siteId: site.id,
      staged: await stageLocalFile(L7_FILE),
      metadata: {
        // The test file does not record its acquisition date; this one is the demo's choice.
        acquiredAt: "2001-07-15T12:30:00Z",
        sensor: "Landsat 7 ETM+",
        provider: "USGS (subset from the R package stars)",
        license: "Apache-2.0",
        attribution: "Landsat 7 ETM+ courtesy of the U.S. Geological Survey; subset © 2016-2018 E. Pebesma et al. (R package stars)",
        publicDisplay: true,
        publicMaxZoom: 15,
      },
    });
    const syntheticFile = path.join(workDir, "L7_ETMs_synthetic_2003.tif");
    await deriveSyntheticScene({ input: L7_FILE, output: syntheticFile, changes: Object.values(PAINTED), epsg: L7_EPSG });
    const after = await ingestStagedScene({
      actor: analyst,
      siteId: site.id,
      staged: { ...(await stageLocalFile(syntheticFile)), originalFilename: "L7_ETMs_synthetic_2003.tif" },
      metadata: {
        acquiredAt: "2003-08-02T12:30:00Z",
        sensor: "SYNTHETIC (derived from Landsat 7 ETM+)",
        provider: "Sitewatch demo",
        license: "Apache-2.0",
        attribution: "SYNTHETIC: Landsat 7 ETM+ subset with painted changes, for demonstration only",
        publicDisplay: true,
        publicMaxZoom: 15,
        synthetic: true,
      },
    });
    const window = { beforeSceneId: before.scene.id, afterSceneId: after.scene.id };
    const source = {
      url: "https://example.org/demo/olinda-report",
      title: "Demo field report (fictional)",
      archiveUrl: "https://web.archive.org/web/2024/https://example.org/demo/olinda-report",
      accessedAt: "2024-03-01",
    };

    const roofs = await createAnnotation({
      actor: analyst,
      siteId: site.id,
      input: {
        ...window,
        geometry: { type: "Polygon", coordinates: [ring(PAINTED.roofs.rect)] },
        changeType: "construction",
        confidence: "high",
        description: "A block of bright new roofs appears where there was vegetation (synthetic change).",
        sources: [source, { url: "https://example.org/demo/internal-witness-note", title: "Witness note (withheld)", withheld: true }],
      },
    });
    const burn = await createAnnotation({
      actor: analyst,
      siteId: site.id,
      input: {
        ...window,
        geometry: { type: "Polygon", coordinates: [ring(PAINTED.burn.rect)] },
        changeType: "burned_structures",
        damageGrade: "destroyed",
        confidence: "medium",
        description: "A dark scar replaces a built-up block: structures appear burned (synthetic change).",
        sources: [source],
      },
    });
    for (const a of [roofs, burn]) {
      const submitted = await transitionAnnotation({ actor: analyst, annotationId: a.id, input: { to: "SUBMITTED", version: a.version } });
      await transitionAnnotation({ actor: editor, annotationId: a.id, input: { to: "APPROVED", version: submitted.version } });
    }
    await publishRelease({
      actor: editor2,
      siteId: site.id,
      input: { note: "First release: new construction and a burned block between 2001 and 2003 (demo data, synthetic later scene)." },
    });

    const expansion = await createAnnotation({
      actor: analyst,
      siteId: site.id,
      input: {
        ...window,
        geometry: { type: "Polygon", coordinates: [ring(PAINTED.expansion.rect)] },
        changeType: "expansion",
        confidence: "medium",
        description: "The built-up area extends east over former open ground (synthetic change).",
        sources: [source],
      },
    });
    await transitionAnnotation({ actor: analyst, annotationId: expansion.id, input: { to: "SUBMITTED", version: expansion.version } });
    const question = await addComment({ actor: editor2, annotationId: expansion.id, input: { body: "Does the eastern edge follow a new wall, or the old field boundary?" } });
    await addComment({
      actor: analyst,
      annotationId: expansion.id,
      input: { parentId: question.id, body: "A new wall: it casts a shadow in the later scene that the field edge does not have." },
    });
    await createAnnotation({
      actor: analyst,
      siteId: site.id,
      input: {
        ...window,
        geometry: { type: "Polygon", coordinates: [ring(PAINTED.earthworks.rect)] },
        changeType: "earthworks",
        confidence: "low",
        description: "Draft: bare ground, possibly earthworks (synthetic change).",
      },
    });
  } finally {
    await fs.rm(workDir, { recursive: true, force: true });
  }
  return { created: true };
}
