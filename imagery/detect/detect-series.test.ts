// The narrowest window of a change across a series: the Landsat fixture as it
// was, and the same scene with a new roof (tests/factories/cloudy-scene.ts),
// in two orders of dates. The roof's window is the last scene without it and
// the first with it.
import { beforeAll, describe, expect, it } from "vitest";
import { cloudySceneFile, L7_FIXTURE } from "../../tests/factories/cloudy-scene";
import { detectSeries } from "./detect-series";

let withRoof: string;
const at = (iso: string) => new Date(iso);

beforeAll(async () => {
  withRoof = await cloudySceneFile();
});

describe("detectSeries", () => {
  it("gives a change that appears between the 2nd and 3rd of 4 scenes that window, whatever order they are given in", async () => {
    const r = await detectSeries([
      { source: withRoof, label: "2004", acquiredAt: at("2004-05-01") },
      { source: L7_FIXTURE, label: "2001", acquiredAt: at("2001-07-15") },
      { source: withRoof, label: "2003", acquiredAt: at("2003-02-01") },
      { source: L7_FIXTURE, label: "2002", acquiredAt: at("2002-03-10") },
    ]);
    expect(r.scenes.map((s) => s.label)).toEqual(["2001", "2002", "2003", "2004"]);
    expect(r.changes.features).toHaveLength(1);
    expect(r.changes.features[0]!.properties).toMatchObject({ before: "2002", after: "2003", beforeIndex: 1, afterIndex: 2, narrowed: true });
    expect(r.changes.features[0]!.properties.beforeDate).toBe("2002-03-10T00:00:00.000Z");
    expect(r.pairs.map((p) => p.candidates)).toEqual([0, 1, 0]);
  });

  it("with two scenes, the window is the pair itself", async () => {
    const r = await detectSeries([
      { source: L7_FIXTURE, label: "before", acquiredAt: at("2001-07-15") },
      { source: withRoof, label: "after", acquiredAt: at("2003-02-01") },
    ]);
    expect(r.changes.features).toHaveLength(1);
    expect(r.changes.features[0]!.properties).toMatchObject({ before: "before", after: "after", narrowed: true });
  });

  it("refuses a single scene", async () => {
    await expect(detectSeries([{ source: L7_FIXTURE, label: "only", acquiredAt: at("2001-07-15") }])).rejects.toThrow(/at least two scenes/);
  });
});
