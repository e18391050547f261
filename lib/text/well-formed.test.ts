// Lone UTF-16 surrogates: found wherever they are in a parsed body, named by path.
import { describe, expect, it } from "vitest";
import { capMessage, MAX_MESSAGE_CHARS } from "../errors";
import { assertWellFormedText, findLoneSurrogate, hasLoneSurrogate } from "./well-formed";

describe("hasLoneSurrogate", () => {
  it.each([
    ["plain", false],
    ["emoji 😀 pair", false],
    ["\ud83d\ude00", false],
    ["high alone \ud83d", true],
    ["\ud83d at the start", true],
    ["low alone \ude00", true],
    ["reversed \ude00\ud83d", true],
    ["", false],
  ])("%j → %s", (text, expected) => expect(hasLoneSurrogate(text)).toBe(expected));
});

describe("findLoneSurrogate", () => {
  it("names the first bad string by its path, keys included", () => {
    expect(findLoneSurrogate({ a: "ok", b: [{ c: "ok" }, { c: "x\ud800" }] })).toBe("b.1.c");
    expect(findLoneSurrogate({ ["k\udc00"]: 1 })).toBe("k\uFFFD");
    expect(findLoneSurrogate("\udc00")).toBe("");
    expect(findLoneSurrogate({ a: 1, b: null, c: true, d: ["fine 😀"] })).toBeNull();
  });

  it("walks a deeply nested value without running out of stack", () => {
    let deep: unknown = "bad \ud800";
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(findLoneSurrogate(deep)?.split(".")).toHaveLength(200_000);
  });

  it("assertWellFormedText throws a 400 naming the field", () => {
    expect(() => assertWellFormedText({ sources: [{ title: "\ud800" }] })).toThrow(/^sources\.0\.title: .*broken character/);
    expect(() => assertWellFormedText("\ud800")).toThrow(/^the request body: /);
  });
});

describe("capMessage", () => {
  it(`keeps short messages and cuts long ones to ${MAX_MESSAGE_CHARS} characters with an ellipsis`, () => {
    expect(capMessage("short")).toBe("short");
    const cut = capMessage("x".repeat(131_130));
    expect(cut).toHaveLength(MAX_MESSAGE_CHARS);
    expect(cut.endsWith("…")).toBe(true);
  });

  it("does not cut a surrogate pair in half", () => {
    const cut = capMessage("😀".repeat(400));
    expect(hasLoneSurrogate(cut)).toBe(false);
    expect(cut.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
  });
});
