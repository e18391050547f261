// STAC 1.0.0 for one site release: a catalog, an item per public scene (eo,
// projection) and a label-extension item per published change (linked to the
// two scene items it was drawn between). Pure: built from a release snapshot.
// Raw imagery is never an asset (it is never reachable anonymously); scenes
// whose licence allows public display carry a thumbnail and the XYZ tile
// template of the rendering that release froze.
import type { PublicChange, PublicScene, ReleaseSnapshot } from "../releases/release-snapshot";
import { tilesCovering } from "@/imagery/tiles/web-mercator";
import { geometryBbox } from "../geo/bbox";
import { publicTileTemplate } from "../scenes/public-tile-url";
import { releasePath } from "./public-exports";

export const STAC_VERSION = "1.0.0";
export const EO = "https://stac-extensions.github.io/eo/v2.0.0/schema.json";
export const PROJECTION = "https://stac-extensions.github.io/projection/v2.0.0/schema.json";
export const LABEL = "https://stac-extensions.github.io/label/v1.0.1/schema.json";

type Link = { rel: string; href: string; type?: string; title?: string };

export interface StacContext {
  snapshot: ReleaseSnapshot;
  origin: string;
  /** Whether the caller asked for a numbered release (links then keep `?release=n`). */
  pinned: boolean;
}

function base(ctx: StacContext): string {
  return `${ctx.origin}/api/public/sites/${ctx.snapshot.site.slug}/stac`;
}
function q(ctx: StacContext): string {
  return ctx.pinned ? `?release=${ctx.snapshot.release.number}` : "";
}
export const sceneItemId = (id: string) => `scene-${id}`;
export const changeItemId = (id: string) => `change-${id}`;

/** STAC's licence field takes an SPDX id or "proprietary"; anything else is "other" with the text kept beside it. */
function stacLicense(license: string): string {
  return /^[\w\-.+]+$/.test(license) ? license : "other";
}

/** The deepest zoom at which the scene's bounding box still fits one tile (for a one-tile thumbnail). */
function thumbnailTile(bbox: [number, number, number, number], maxZoom: number): [number, number, number] {
  for (let z = Math.min(maxZoom, 18); z > 0; z--) {
    const tiles = tilesCovering(bbox, z);
    if (tiles.length === 1) return [z, ...tiles[0]!];
  }
  return [0, 0, 0];
}

export function stacCatalog(ctx: StacContext): Record<string, unknown> {
  const { site, release } = ctx.snapshot;
  const links: Link[] = [
    { rel: "self", href: `${base(ctx)}/catalog.json${q(ctx)}`, type: "application/json" },
    { rel: "root", href: `${base(ctx)}/catalog.json${q(ctx)}`, type: "application/json" },
    {
      rel: "alternate",
      href: `${ctx.origin}${releasePath({ slug: site.slug, releaseNumber: release.number })}`,
      type: "text/html",
      title: `${site.name}, release ${release.number}`,
    },
    ...ctx.snapshot.scenes.map((s) => ({
      rel: "item",
      href: `${base(ctx)}/items/${sceneItemId(s.id)}.json${q(ctx)}`,
      type: "application/geo+json",
      title: `Scene of ${s.acquiredAt.slice(0, 10)}`,
    })),
    ...ctx.snapshot.changes.map((c) => ({
      rel: "item",
      href: `${base(ctx)}/items/${changeItemId(c.id)}.json${q(ctx)}`,
      type: "application/geo+json",
      title: `${c.changeTypeLabel}, ${c.detectedAfter.slice(0, 10)} – ${c.detectedBy.slice(0, 10)}`,
    })),
  ];
  return {
    type: "Catalog",
    stac_version: STAC_VERSION,
    id: `sitewatch-${site.slug}-release-${release.number}`,
    title: `${site.name}: Sitewatch release ${release.number}`,
    description: `${site.publicSummary || site.name}. Release ${release.number} of ${release.publishedAt.slice(0, 10)}: ${release.note}`,
    links,
  };
}

function itemLinks(ctx: StacContext, id: string): Link[] {
  return [
    { rel: "self", href: `${base(ctx)}/items/${id}.json${q(ctx)}`, type: "application/geo+json" },
    { rel: "root", href: `${base(ctx)}/catalog.json${q(ctx)}`, type: "application/json" },
    { rel: "parent", href: `${base(ctx)}/catalog.json${q(ctx)}`, type: "application/json" },
  ];
}

/** The STAC item of one scene of the release. */
export function sceneItem({ ctx, scene: s }: { ctx: StacContext; scene: PublicScene }): Record<string, unknown> {
  const bbox = geometryBbox(s.footprint);
  const assets: Record<string, unknown> = {};
  if (s.publicDisplay) {
    const template = `${ctx.origin}${publicTileTemplate({ sceneId: s.id, render: s.render })}`;
    const [z, x, y] = thumbnailTile(bbox, s.publicMaxZoom);
    assets.thumbnail = {
      href: template.replace("{z}", String(z)).replace("{x}", String(x)).replace("{y}", String(y)),
      type: "image/webp",
      roles: ["thumbnail"],
      title: "One 256-pixel tile covering the scene",
    };
    assets.tiles = {
      href: template,
      type: "image/webp",
      roles: ["visual", "tiles"],
      title: `XYZ tiles (Web Mercator, zoom 0–${s.publicMaxZoom}), rendered as published`,
    };
  }
  const epsg = /^EPSG:\d+$/.test(s.crs) ? s.crs : null;
  return {
    type: "Feature",
    stac_version: STAC_VERSION,
    // The eo extension needs at least one eo field: declared only when the cloud cover is known.
    stac_extensions: s.cloudCoverPct !== null ? [EO, PROJECTION] : [PROJECTION],
    id: sceneItemId(s.id),
    geometry: s.footprint,
    bbox,
    properties: {
      datetime: s.acquiredAt,
      title: `${s.sensor || "Scene"} ${s.acquiredAt.slice(0, 10)}${s.synthetic ? " (synthetic)" : ""}`,
      description: s.synthetic ? "Synthetic imagery derived for demonstration: not a real observation." : `Acquired ${s.acquiredAt}. ${s.attribution}`,
      ...(s.gsdM !== null ? { gsd: s.gsdM } : {}),
      ...(s.cloudCoverPct !== null ? { "eo:cloud_cover": s.cloudCoverPct } : {}),
      "proj:code": epsg,
      license: stacLicense(s.license),
      ...(stacLicense(s.license) === "other" ? { "sitewatch:license": s.license } : {}),
      providers: [{ name: s.provider || s.attribution, roles: ["producer", "licensor"], description: s.attribution }],
      ...(s.sensor ? { instruments: [s.sensor.toLowerCase()] } : {}),
      "sitewatch:attribution": s.attribution,
      "sitewatch:synthetic": s.synthetic,
      "sitewatch:public_display": s.publicDisplay,
    },
    links: itemLinks(ctx, sceneItemId(s.id)),
    assets,
  };
}

/** The STAC label item of one published change of the release. */
export function changeItem({ ctx, change: c }: { ctx: StacContext; change: PublicChange }): Record<string, unknown> {
  const { site, release } = ctx.snapshot;
  return {
    type: "Feature",
    stac_version: STAC_VERSION,
    stac_extensions: [LABEL],
    id: changeItemId(c.id),
    geometry: c.geometry,
    bbox: geometryBbox(c.geometry),
    properties: {
      // A change is known only to have happened inside its detection window.
      datetime: null,
      start_datetime: c.detectedAfter,
      end_datetime: c.detectedBy,
      title: `${c.changeTypeLabel} at ${site.name}`,
      description: c.description,
      "label:description": `${c.changeTypeLabel} drawn by an analyst on imagery of ${c.detectedAfter.slice(0, 10)} and ${c.detectedBy.slice(0, 10)}, reviewed by ${c.reviewers.join(", ") || "an editor"}`,
      "label:type": "vector",
      "label:properties": ["changeType", "damageGrade", "confidence"],
      "label:tasks": ["detection", "classification"],
      "label:methods": ["manual"],
      "label:classes": [
        { name: "changeType", classes: [c.changeType] },
        { name: "confidence", classes: [c.confidence] },
        ...(c.damageGrade ? [{ name: "damageGrade", classes: [c.damageGrade] }] : []),
      ],
      "sitewatch:revision": c.revision,
      "sitewatch:release": release.number,
      "sitewatch:area_m2": Math.round(c.areaM2 * 10) / 10,
      "sitewatch:sources": c.sources.map((s) => s.archiveUrl ?? s.url),
    },
    links: [
      ...itemLinks(ctx, changeItemId(c.id)),
      { rel: "source", href: `${base(ctx)}/items/${sceneItemId(c.beforeSceneId)}.json${q(ctx)}`, type: "application/geo+json", title: "before" },
      { rel: "source", href: `${base(ctx)}/items/${sceneItemId(c.afterSceneId)}.json${q(ctx)}`, type: "application/geo+json", title: "after" },
      { rel: "cite-as", href: `${ctx.origin}${releasePath({ slug: site.slug, releaseNumber: release.number })}#change-${c.id}`, type: "text/html" },
    ],
    assets: {
      labels: {
        href: `${ctx.origin}/api/public/sites/${site.slug}/changes.geojson?release=${release.number}`,
        type: "application/geo+json",
        roles: ["labels", "labels-vector"],
        title: `The published changes of release ${release.number} (this one has id ${c.id})`,
      },
    },
  };
}

/** The item with this id in the release, or null. */
export function stacItem({ ctx, itemId }: { ctx: StacContext; itemId: string }): Record<string, unknown> | null {
  const scene = ctx.snapshot.scenes.find((s) => sceneItemId(s.id) === itemId);
  if (scene) return sceneItem({ ctx, scene });
  const change = ctx.snapshot.changes.find((c) => changeItemId(c.id) === itemId);
  return change ? changeItem({ ctx, change }) : null;
}
