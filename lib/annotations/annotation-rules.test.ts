import { describe, expect, it } from "vitest";
import { damageGradeProblem, isLiveInWindow, liveInWindowWhere, mayChooseType, windowProblem } from "./annotation-rules";

describe("detection window", () => {
  const early = { id: "a", status: "READY" as const, acquiredAt: "2001-07-15T00:00:00.000Z" };
  const late = { id: "b", status: "READY" as const, acquiredAt: new Date("2003-08-02T00:00:00Z") };
  it("takes two different scenes, the before one strictly earlier, whether dates come as strings or Dates", () => {
    expect(windowProblem({ before: early, after: late })).toBeNull();
    expect(windowProblem({ before: late, after: early })).toMatch(/strictly earlier/);
    expect(windowProblem({ before: early, after: { id: "c", status: "READY", acquiredAt: early.acquiredAt } })).toMatch(/strictly earlier/);
    expect(windowProblem({ before: early, after: early })).toMatch(/two different scenes/);
  });
  it("takes only scenes that are ready: not one still converting or one whose conversion failed", () => {
    expect(windowProblem({ before: early, after: { ...late, status: "PROCESSING" } })).toBe("the scene of 2003-08-02 is still being converted; it can be used once it is ready");
    expect(windowProblem({ before: { ...early, status: "FAILED", statusMessage: "the file is truncated" }, after: late })).toBe(
      "the scene of 2001-07-15 could not be converted (the file is truncated); retry or delete it",
    );
  });
});

describe("live changes of a window", () => {
  const window = { beforeSceneId: "a", afterSceneId: "b" };
  it("count every status but rejected and retracted, on exactly the same two scenes", () => {
    expect(isLiveInWindow({ change: { status: "SUBMITTED", ...window }, window })).toBe(true);
    expect(isLiveInWindow({ change: { status: "PUBLISHED", ...window }, window })).toBe(true);
    expect(isLiveInWindow({ change: { status: "REJECTED", ...window }, window })).toBe(false);
    expect(isLiveInWindow({ change: { status: "RETRACTED", ...window }, window })).toBe(false);
    expect(isLiveInWindow({ change: { status: "DRAFT", beforeSceneId: "a", afterSceneId: "c" }, window })).toBe(false);
  });
  it("as a query, say the same", () => {
    expect(liveInWindowWhere(window)).toEqual({ status: { notIn: ["REJECTED", "RETRACTED"] }, currentRevision: window });
  });
});

describe("change type and damage grade", () => {
  it("a retired type may be kept, not newly chosen", () => {
    expect(mayChooseType({ type: { key: "x", active: true } })).toBe(true);
    expect(mayChooseType({ type: { key: "x", active: false } })).toBe(false);
    expect(mayChooseType({ type: { key: "x", active: false }, keptType: "x" })).toBe(true);
  });
  it("a grade where the type needs one, none where it does not", () => {
    const burned = { label: "burned structures", damageGradeApplies: true };
    const fence = { label: "fencing", damageGradeApplies: false };
    expect(damageGradeProblem({ type: burned, damageGrade: null })).toBe(
      'a change of type "burned structures" needs a damage grade (destroyed, damaged, possibly damaged or no visible damage)',
    );
    expect(damageGradeProblem({ type: burned, damageGrade: "destroyed" })).toBeNull();
    expect(damageGradeProblem({ type: fence, damageGrade: "damaged" })).toMatch(/does not apply/);
    expect(damageGradeProblem({ type: fence, damageGrade: null })).toBeNull();
  });
});
