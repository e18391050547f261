import path from "node:path";
import { describe, expect, it } from "vitest";
import { findRouteHandlers, diffRoutesAndRules } from "../../tests/support/route-files";
import { listRouteRules } from "./route-rules";

// The fast half of tests/e2e/route-roles.test.ts (which also asks the server).
describe("route rules", () => {
  it("list every exported handler under app/ once, with the need the handler names", () => {
    const handlers = findRouteHandlers(path.resolve(import.meta.dirname, "..", ".."));
    expect(handlers.length).toBeGreaterThan(40);
    expect(diffRoutesAndRules(handlers, listRouteRules())).toEqual([]);
  });
});
