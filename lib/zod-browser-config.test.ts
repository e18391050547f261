// instrumentation-client.ts configures zod in the browser without importing it, through the object zod keeps on
// globalThis. If a zod upgrade stops reading it from there, this fails (and the pages' CSP would report eval again).
import { afterEach, describe, expect, it, vi } from "vitest";
import { ZOD_BROWSER_CONFIG } from "./zod-browser-config";

const holder = globalThis as { __zod_globalConfig?: Record<string, unknown> };
const saved = holder.__zod_globalConfig;
afterEach(() => {
  holder.__zod_globalConfig = saved;
  vi.resetModules();
});

describe("zod's configuration in the browser", () => {
  it("is read from globalThis when zod loads after it was set", async () => {
    vi.resetModules();
    holder.__zod_globalConfig = { ...ZOD_BROWSER_CONFIG };
    const { z } = await import("zod");
    expect(z.config().jitless).toBe(true);
    // And a schema made then parses without compiling (no eval), and still checks.
    expect(z.object({ a: z.number() }).safeParse({ a: "x" }).success).toBe(false);
  });
});
