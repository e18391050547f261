// Each database has its own committed migrations; these must give exactly the
// derived PostgreSQL data model. Prisma replays prisma/postgres/migrations into a
// shadow database on the test server and compares it with the schema: any
// difference (a column added to the model without a migration, or the other way
// round) is printed as the SQL that would fix it, and fails the test.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../setup/paths";
import { TEST_PG_URL } from "../setup/postgres";

describe("PostgreSQL migrations", () => {
  it("build exactly the data model of prisma/postgres/schema.prisma", () => {
    const r = spawnSync(
      path.join(ROOT, "node_modules", ".bin", "prisma"),
      ["migrate", "diff", "--from-migrations", "prisma/postgres/migrations", "--to-schema-datamodel", "prisma/postgres/schema.prisma", "--script", "--exit-code"],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: TEST_PG_URL }, encoding: "utf8" },
    );
    // --exit-code: 0 = no difference, 2 = a difference (printed), 1 = an error.
    expect(r.stdout + r.stderr).toContain("This is an empty migration.");
    expect(r.status).toBe(0);
  });
});
