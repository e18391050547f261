import { describe, expect, it } from "vitest";
import { etagMatches, latestCacheControl } from "./cache-control";

describe("etagMatches (If-None-Match)", () => {
  const etag = '"abc"';
  it("matches the same tag, one of a list, its weak form, and *", () => {
    expect(etagMatches('"abc"', etag)).toBe(true);
    expect(etagMatches('"x", "abc" , "y"', etag)).toBe(true);
    expect(etagMatches('W/"abc"', etag)).toBe(true);
    expect(etagMatches("*", etag)).toBe(true);
  });
  it("does not match another tag, a prefix of it, or nothing", () => {
    expect(etagMatches('"abcd"', etag)).toBe(false);
    expect(etagMatches('"ab"', etag)).toBe(false);
    expect(etagMatches("", etag)).toBe(false);
    expect(etagMatches(null, etag)).toBe(false);
  });
});

describe("latestCacheControl", () => {
  it("is public, fresh for the given seconds, then stale for up to a day while revalidated", () => {
    expect(latestCacheControl(60)).toBe("public, max-age=60, stale-while-revalidate=86400");
  });
});
