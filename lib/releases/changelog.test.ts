import { describe, expect, it } from "vitest";
import { buildChangelog, isEmptyChangelog, type DraftPublicChange } from "./changelog";
import { releaseRefusals, type ReleaseSnapshot } from "./release-snapshot";

const site: ReleaseSnapshot["site"] = {
  slug: "s",
  name: "Site",
  kind: "camp",
  qualifier: "suspected",
  country: "X",
  region: "",
  publicSummary: "summary",
  methodologyNote: "",
  footprint: {
    type: "Polygon",
    coordinates: [
      [
        [0, 0],
        [1, 0],
        [1, 1],
        [0, 0],
      ],
    ],
  },
  areaM2: 1,
};

function change(id: string, revision: number, over: Partial<DraftPublicChange> = {}): DraftPublicChange {
  return {
    id,
    revision,
    changeType: "construction",
    changeTypeLabel: "construction",
    damageGrade: null,
    confidence: "medium",
    description: `change ${id}`,
    areaM2: 10,
    geometry: {
      type: "Polygon",
      coordinates: [
        [
          [0, 0],
          [0.1, 0],
          [0.1, 0.1],
          [0, 0],
        ],
      ],
    },
    beforeSceneId: "b",
    afterSceneId: "a",
    detectedAfter: "2001-01-01T00:00:00.000Z",
    detectedBy: "2002-01-01T00:00:00.000Z",
    sources: [],
    analyst: "Ana",
    reviewers: ["Eli"],
    ...over,
  };
}

describe("buildChangelog", () => {
  it("a first release adds everything, each first published in it", () => {
    const { changes, changelog } = buildChangelog({ number: 1, previous: null, site, changes: [change("a", 1)], retractions: new Map() });
    expect(changelog).toMatchObject({ previousRelease: null, added: [{ id: "a", revision: 1 }], revised: [], retracted: [], siteFields: [] });
    expect(changes[0]).toMatchObject({ firstPublishedIn: 1, revisedIn: 1 });
    expect(isEmptyChangelog(changelog)).toBe(false);
  });

  it("lists added, revised (with the public fields that differ) and retracted changes (with the public note), and changed site fields", () => {
    const first = buildChangelog({ number: 1, previous: null, site, changes: [change("a", 1), change("b", 1), change("c", 1)], retractions: new Map() });
    const previous = { release: { number: 1, note: "", publishedAt: "", publishedBy: "" }, site, changes: first.changes };
    const next = buildChangelog({
      number: 2,
      previous,
      site: { ...site, publicSummary: "new summary" },
      changes: [change("a", 1), change("b", 3, { description: "sharper", confidence: "high" }), change("d", 1)],
      retractions: new Map([["c", { note: "it was a cloud shadow", retractedAt: "2024-01-02T00:00:00.000Z", retractedBy: "Eli" }]]),
    });
    expect(next.changelog.added.map((c) => c.id)).toEqual(["d"]);
    expect(next.changelog.revised).toEqual([expect.objectContaining({ id: "b", fromRevision: 1, revision: 3, fields: ["confidence", "description"] })]);
    expect(next.changelog.retracted).toEqual([expect.objectContaining({ id: "c", note: "it was a cloud shadow", retractedBy: "Eli" })]);
    expect(next.changelog.siteFields).toEqual(["summary"]);
    const byId = Object.fromEntries(next.changes.map((c) => [c.id, c]));
    expect(byId.a).toMatchObject({ firstPublishedIn: 1, revisedIn: 1 });
    expect(byId.b).toMatchObject({ firstPublishedIn: 1, revisedIn: 2 });
    expect(byId.d).toMatchObject({ firstPublishedIn: 2, revisedIn: 2 });
  });

  it("a change that leaves the record without a retraction note is still listed, so nothing disappears silently", () => {
    const first = buildChangelog({ number: 1, previous: null, site, changes: [change("a", 1)], retractions: new Map() });
    const next = buildChangelog({
      number: 2,
      previous: { release: { number: 1, note: "", publishedAt: "", publishedBy: "" }, site, changes: first.changes },
      site,
      changes: [],
      retractions: new Map(),
    });
    expect(next.changelog.retracted).toEqual([expect.objectContaining({ id: "a", note: null })]);
  });

  it("a release with nothing new says so", () => {
    const first = buildChangelog({ number: 1, previous: null, site, changes: [change("a", 1)], retractions: new Map() });
    const next = buildChangelog({
      number: 2,
      previous: { release: { number: 1, note: "", publishedAt: "", publishedBy: "" }, site, changes: first.changes },
      site,
      changes: [change("a", 1)],
      retractions: new Map(),
    });
    expect(isEmptyChangelog(next.changelog)).toBe(true);
  });
});

describe("comparing with a previous snapshot read back from canonical JSON", () => {
  it("does not see a change where only the order of keys differs", async () => {
    const { canonicalJson } = await import("./release-snapshot");
    const first = buildChangelog({ number: 1, previous: null, site, changes: [change("a", 1)], retractions: new Map() });
    const reread = JSON.parse(canonicalJson({ release: { number: 1, note: "", publishedAt: "", publishedBy: "" }, site, changes: first.changes }));
    const next = buildChangelog({ number: 2, previous: reread, site, changes: [change("a", 2, { description: "new words" })], retractions: new Map() });
    expect(next.changelog.revised[0]!.fields).toEqual(["description"]);
    expect(next.changelog.siteFields).toEqual([]);
  });
});

describe("what does not count as a public correction", () => {
  it("a new revision that changed only internal things is not listed as revised", () => {
    const first = buildChangelog({ number: 1, previous: null, site, changes: [change("a", 1)], retractions: new Map() });
    const next = buildChangelog({
      number: 2,
      previous: { release: { number: 1, note: "", publishedAt: "", publishedBy: "" }, site, changes: first.changes },
      site,
      changes: [change("a", 2)],
      retractions: new Map(),
    });
    expect(next.changelog.revised).toEqual([]);
    expect(next.changes[0]).toMatchObject({ revision: 2, revisedIn: 1 });
    expect(isEmptyChangelog(next.changelog)).toBe(true);
  });

  it("changed credits of a scene already shown are listed", () => {
    const scene = {
      id: "s1",
      acquiredAt: "2001-01-01T00:00:00.000Z",
      sensor: "L7",
      gsdM: 30,
      cloudCoverPct: null,
      provider: "",
      license: "CC-BY-4.0",
      attribution: "USGS",
      publicDisplay: true,
      publicMaxZoom: 14,
      synthetic: false,
      footprint: site.footprint,
      crs: "EPSG:4326",
    };
    const previous = { release: { number: 1, note: "", publishedAt: "", publishedBy: "" }, site, changes: [], scenes: [scene] };
    const next = buildChangelog({ number: 2, previous, site, changes: [], scenes: [{ ...scene, attribution: "USGS / NASA" }], retractions: new Map() });
    expect(next.changelog.siteFields).toEqual(["imagery credits"]);
  });
});

describe("releaseRefusals (what the publish form and publishRelease both refuse on)", () => {
  it("lists four eyes over changes, then over the site's text, then nothing to publish; none when publishing is allowed", () => {
    expect(releaseRefusals({ empty: false, ownApproved: [], ownSiteEdits: false })).toEqual([]);
    expect(releaseRefusals({ empty: true, ownApproved: ["a"], ownSiteEdits: true }).map((r) => r.reason)).toEqual(["own-changes", "own-site-text", "nothing-to-publish"]);
    expect(releaseRefusals({ empty: false, ownApproved: ["a", "b"], ownSiteEdits: false })).toEqual([{ reason: "own-changes", annotationIds: ["a", "b"] }]);
  });
});
