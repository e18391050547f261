import { describe, expect, it } from "vitest";
import { changedFields, reapplyEdits, type ChangeContent } from "./change-compare";

const base: ChangeContent = {
  geometry: {
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
  changeType: "construction",
  damageGrade: null,
  confidence: "medium",
  beforeSceneId: "b",
  afterSceneId: "a",
  description: "old",
  tags: [],
  sources: [],
};

describe("reapplying my edits on top of someone else's", () => {
  it("keeps their fields, takes mine where I changed something, and names the fields we both changed", () => {
    const theirs = { ...base, description: "theirs", confidence: "high" };
    const mine = { ...base, description: "mine", tags: ["wall"] };
    const { patch, overlapping } = reapplyEdits({ base, mine, theirs });
    expect(patch).toEqual({ description: "mine", tags: ["wall"] });
    expect(overlapping).toEqual(["description"]);
    expect(changedFields({ from: base, to: { ...theirs, ...patch } })).toEqual(["confidence", "description", "tags"]);
  });

  it("an edit equal to theirs is not an overlap", () => {
    const same = { ...base, description: "same" };
    expect(reapplyEdits({ base, mine: same, theirs: same }).overlapping).toEqual([]);
  });
});
