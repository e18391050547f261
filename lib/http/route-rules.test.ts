import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { diffRoutesAndRules, findRouteHandlers } from "../../tests/support/route-files";
import { listRouteRules } from "./route-rules";

// The fast half of tests/e2e/route-roles.test.ts (which also asks the server).
describe("route rules", () => {
  it("list every exported handler under app/ once, with the need the handler names", () => {
    const handlers = findRouteHandlers(path.resolve(import.meta.dirname, "..", ".."));
    expect(handlers.length).toBeGreaterThan(40);
    expect(diffRoutesAndRules(handlers, listRouteRules())).toEqual([]);
  });

  it("report handlers that are missing from the list, listed but gone, or that do not name their need", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "route-files-"));
    const write = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, "app", rel)), { recursive: true });
      fs.writeFileSync(path.join(root, "app", rel), text);
    };
    try {
      write("api/a/route.ts", 'export const GET = route("workspace:read", async () => x);\nexport const POST = route<Ctx>(\n  "site:edit",\n  async () => x,\n);\n');
      write("api/b/[id]/route.ts", "export async function GET() {}\nexport const HEAD = GET;\n");
      write("(group)/api/c/route.tsx", 'const h = route("public", async () => x);\nexport { h as GET };\n');
      write("api/d/route.ts", 'export const DELETE: Handler = route("settings:manage", async () => x);\n');
      write("api/e/route.ts", 'export * from "../a/route";\n');
      const handlers = findRouteHandlers(root);
      expect(handlers.map((h) => `${h.method} ${h.path} ${h.need}`).sort()).toEqual([
        "DELETE /api/d settings:manage",
        "GET /api/a workspace:read",
        "GET /api/b/[id] null",
        "GET /api/c null",
        "HEAD /api/b/[id] null",
        "POST /api/a site:edit",
        "export * /api/e null",
      ]);
      const problems = diffRoutesAndRules(handlers, [
        { path: "/api/a", method: "GET", need: "workspace:read" },
        { path: "/api/a", method: "POST", need: "site:create" },
        { path: "/api/b/[id]", method: "GET", need: "public" },
        { path: "/api/gone", method: "GET", need: "public" },
      ]);
      // In the order of the files on disk ("(group)" sorts first), then the rules without a handler.
      expect(problems).toEqual([
        expect.stringMatching(/^GET \/api\/c .* has no rule/),
        expect.stringMatching(/^POST \/api\/a .* names "site:edit" but .* says "site:create"/),
        expect.stringMatching(/^GET \/api\/b\/\[id\] .* does not name its need/),
        expect.stringMatching(/^HEAD \/api\/b\/\[id\] .* has no rule/),
        expect.stringMatching(/^DELETE \/api\/d .* has no rule/),
        expect.stringMatching(/^export \* \/api\/e .* has no rule/),
        expect.stringMatching(/^GET \/api\/gone is in lib\/http\/route-rules.ts but no route.ts exports it/),
      ]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
