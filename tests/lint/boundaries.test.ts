// The import-boundary rules of eslint.config.mjs, run through ESLint's own API on small snippets with made-up paths in the
// repository (the files need not exist: the rules decide from the path and the import specifiers alone).
import path from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root, overrideConfigFile: path.join(root, "eslint.config.mjs"), cache: false });
});

/** The messages of Sitewatch's own rules for `code` as if it were the file at `file`, as "rule: message". */
async function boundaryMessages(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId?.startsWith("sitewatch/") || m.fatal).map((m) => `${m.ruleId}: ${m.message}`);
}

const cases: { name: string; file: string; code: string; expected: RegExp[] }[] = [
  // app/ is routing and UI: it calls lib/ functions, never the database client itself.
  {
    name: "app page → @/lib/db.server",
    file: "app/workspace/x/page.tsx",
    code: `import { db } from "@/lib/db.server";\nexport const a = db;\n`,
    expected: [/import-boundaries: app\/ must not import the database client/],
  },
  {
    name: "app route → a lib verb (allowed)",
    file: "app/api/x/route.ts",
    code: `import { getSiteByIdOrThrow } from "@/lib/sites/get-site.server";\nexport const a = getSiteByIdOrThrow;\n`,
    expected: [],
  },
  // lib/ and imagery/ do not reach up into the UI.
  {
    name: "lib → @/components",
    file: "lib/x/y.ts",
    code: `import { ErrorAlert } from "@/components/ui/ErrorAlert";\nexport const a = ErrorAlert;\n`,
    expected: [/import-boundaries: lib\/ must not import from components\//],
  },
  {
    name: "lib → components, relative, type only",
    file: "lib/publish/timeline-params.ts",
    code: `import type { TimelineProps } from "../../components/public/SiteTimeline";\nexport type T = TimelineProps;\n`,
    expected: [/import-boundaries: lib\/ must not import from components\//],
  },
  { name: "lib → @/app", file: "lib/x/y.ts", code: `export { GET } from "@/app/api/sites/route";\n`, expected: [/import-boundaries: lib\/ must not import from app\//] },
  {
    name: "imagery → app, export *",
    file: "imagery/tiles/x.ts",
    code: `export * from "../../app/tiles/helpers";\n`,
    expected: [/import-boundaries: imagery\/ must not import from app\//],
  },
  {
    name: "lib → lib and packages",
    file: "lib/x/y.ts",
    code: `import { z } from "zod";\nimport { area } from "@turf/area";\nimport { f } from "../geo/area-geometry";\nimport { g } from "@/lib/format";\nexport const a = [z, area, f, g];\n`,
    expected: [],
  },
  // imagery/ stands alone.
  {
    name: "imagery → @/lib",
    file: "imagery/cog/x.ts",
    code: `import { validateAreaGeometry } from "@/lib/geo/area-geometry";\nexport const v = validateAreaGeometry;\n`,
    expected: [/import-boundaries: imagery\/ must not import from lib\//],
  },
  {
    name: "imagery → lib, relative, dynamic",
    file: "imagery/detect/x.ts",
    code: `export const load = () => import("../../lib/geo/area-geometry");\n`,
    expected: [/import-boundaries: imagery\/ must not import from lib\//],
  },
  {
    name: "imagery → next, react, Prisma",
    file: "imagery/x.ts",
    code: `import { NextResponse } from "next/server";\nimport { useState } from "react";\nimport type { PrismaClient } from "@prisma/client";\nexport type P = PrismaClient;\nexport const a = [NextResponse, useState];\n`,
    expected: [/imagery\/ must not import 'next\/server'/, /imagery\/ must not import 'react'/, /imagery\/ must not import '@prisma\/client'/],
  },
  {
    name: "imagery → its own modules and packages",
    file: "imagery/tiles/x.ts",
    code: `import sharp from "sharp";\nimport { fromArrayBuffer } from "geotiff";\nimport { ImageryError } from "../imagery-error";\nimport { crsOf } from "@/imagery/crs";\nexport const a = [sharp, fromArrayBuffer, ImageryError, crsOf];\n`,
    expected: [],
  },
  {
    name: "an imagery test may check its output against lib's rules",
    file: "imagery/detect/x.test.ts",
    code: `import { validateAreaGeometry } from "@/lib/geo/area-geometry";\nexport const v = validateAreaGeometry;\n`,
    expected: [],
  },
  // Client components import no server module, not even a type.
  {
    name: "client → .server",
    file: "components/workspace/X.tsx",
    code: `"use client";\nimport { getAnnotation } from "@/lib/annotations/foo.server";\nexport const a = getAnnotation;\n`,
    expected: [/no-server-import-in-client: A "use client" module must not import '@\/lib\/annotations\/foo.server'/],
  },
  {
    name: "client → .server, type only",
    file: "app/workspace/Panel.tsx",
    code: `'use client';\nimport type { ChangeView } from "@/lib/annotations/annotations.server";\nexport type V = ChangeView;\n`,
    expected: [/no-server-import-in-client: A "use client" module must not import/],
  },
  {
    name: "client → .server.ts, relative, re-export",
    file: "app/sites/x/Client.tsx",
    code: `"use client";\nexport { helper } from "./helpers.server.ts";\n`,
    expected: [/no-server-import-in-client: A "use client" module must not import '.\/helpers.server.ts'/],
  },
  {
    name: "client → .server, dynamic import and import type",
    file: "app/x/Client.tsx",
    code: `"use client";\nexport const load = () => import("@/lib/detect/detect.server");\nexport type J = import("@/lib/jobs/jobs.server").JobView;\n`,
    expected: [/must not import '@\/lib\/detect\/detect.server'/, /must not import '@\/lib\/jobs\/jobs.server'/],
  },
  {
    name: "client → pure modules",
    file: "components/workspace/X.tsx",
    code: `"use client";\nimport { useState } from "react";\nimport type { ChangeView } from "@/lib/annotations/change-view";\nimport { decideMove } from "@/lib/review/review-moves";\nexport type V = ChangeView;\nexport const a = [useState, decideMove];\n`,
    expected: [],
  },
  {
    name: "components/ without the directive → .server",
    file: "components/ui/X.tsx",
    code: `import type { SessionUser } from "@/lib/auth/session.server";\nexport type U = SessionUser;\n`,
    expected: [/no-server-import-in-client: components\/ must not import '@\/lib\/auth\/session.server'/],
  },
  {
    name: "a server page → .server",
    file: "app/workspace/page.tsx",
    code: `import { requirePageUser } from "@/lib/auth/page-guard.server";\nexport const a = requirePageUser;\n`,
    expected: [],
  },
  {
    name: '"use client" after an import is no directive',
    file: "app/x/page.tsx",
    code: `import { f } from "@/lib/x/y.server";\n"use client";\nexport const a = f;\n`,
    expected: [],
  },
];

describe("import boundaries (eslint.config.mjs)", () => {
  it.each(cases)("$name", { timeout: 60_000 }, async ({ file, code, expected }) => {
    const messages = await boundaryMessages(file, code);
    expect(messages).toHaveLength(expected.length);
    for (const pattern of expected)
      expect(
        messages.some((m) => pattern.test(m)),
        `${pattern} in ${JSON.stringify(messages)}`,
      ).toBe(true);
  });
});

describe("disable comments (eslint.config.mjs)", () => {
  it("an eslint-disable without a reason after -- is an error; with one it is not", { timeout: 60_000 }, async () => {
    const code = (comment: string) => `export function f(a: number[]) {\n  ${comment}\n  a.length;\n}\n`;
    const ruleIds = async (comment: string) => (await eslint.lintText(code(comment), { filePath: path.join(root, "lib/x/y.ts") }))[0]!.messages.map((m) => m.ruleId);
    expect(await ruleIds("// eslint-disable-next-line @typescript-eslint/no-unused-expressions")).toContain("@eslint-community/eslint-comments/require-description");
    expect(await ruleIds("// eslint-disable-next-line @typescript-eslint/no-unused-expressions -- kept to show the rule")).toEqual([]);
  });
});
