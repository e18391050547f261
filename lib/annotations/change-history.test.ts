import { describe, expect, it } from "vitest";
import { describeDiff } from "./change-history";

const lookups = { sceneLabel: (id: string) => ({ s1: "2001-07-15 (Landsat 7)", s2: "2003-08-02" })[id] ?? id, typeLabel: (k: string) => k.replaceAll("_", " ") };

describe("describeDiff", () => {
  it("names fields for people: scenes as dates, types as labels, outlines with their areas", () => {
    const sq = (d: number) =>
      JSON.stringify({
        type: "Polygon",
        coordinates: [
          [
            [0, 0],
            [d, 0],
            [d, d],
            [0, d],
            [0, 0],
          ],
        ],
      });
    const changes = describeDiff({
      diff: {
        description: { from: "a", to: "b" },
        geometry: { from: sq(0.001), to: sq(0.002) },
        changeType: { from: "construction", to: "burned_structures" },
        beforeSceneId: { from: "s1", to: "s2" },
        damageGrade: { from: null, to: "possibly_damaged" },
        sources: { from: [], to: [{ url: "https://x.org", title: "X", withheld: true }] },
        tags: { from: "[]", to: '["wall"]' },
      },
      lookups,
    });
    expect(changes.map((c) => c.label)).toEqual(["outline", "change type", "damage grade", "before scene", "description", "tags", "sources"]);
    const geometry = changes[0]!;
    expect("summary" in geometry && geometry.summary).toMatch(/^1\.2\d ha → 4\.9\d ha$/);
    expect(changes.find((c) => c.field === "changeType")).toMatchObject({ from: "construction", to: "burned structures" });
    expect(changes.find((c) => c.field === "beforeSceneId")).toMatchObject({ from: "2001-07-15 (Landsat 7)", to: "2003-08-02" });
    expect(changes.find((c) => c.field === "damageGrade")).toMatchObject({ from: "none", to: "possibly damaged" });
    expect(changes.find((c) => c.field === "sources")).toMatchObject({ from: "none", to: "X <https://x.org> [withheld]" });
    expect(changes.find((c) => c.field === "tags")).toMatchObject({ from: "none", to: "wall" });
  });

  it("no diff, no changes", () => {
    expect(describeDiff({ diff: null, lookups })).toEqual([]);
  });
});
