import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./return-path";

describe("safeReturnPath", () => {
  it.each([
    ["/workspace/sites/olinda", "/workspace/sites/olinda"],
    ["/workspace/review?x=1", "/workspace/review?x=1"],
    [undefined, "/workspace"],
    ["", "/workspace"],
    ["https://evil.example/", "/workspace"],
    ["//evil.example/", "/workspace"],
    ["/\\evil.example/", "/workspace"],
    ["/%0d%0aSet-Cookie:x", "/%0d%0aSet-Cookie:x"],
    ["/\nfoo", "/workspace"],
    ["javascript:alert(1)", "/workspace"],
  ])("%s → %s", (input, expected) => {
    expect(safeReturnPath({ next: input })).toBe(expected);
  });
});
