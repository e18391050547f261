// One data model for both databases: prisma/postgres/schema.prisma is derived
// from prisma/schema.prisma (scripts/db/derive-postgres-schema.ts) and never
// edited by hand. If someone changes one without the other, this fails and says
// what to run. (That the PostgreSQL migrations produce exactly that schema is
// checked against a real server in tests/db/postgres-migrations.test.ts.)
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { derivePostgresSchema, POSTGRES_SCHEMA, SQLITE_SCHEMA } from "@/scripts/db/derive-postgres-schema";

describe("the PostgreSQL data model", () => {
  it("is exactly what the derivation gives from the SQLite one (run `npm run db:derive` after a schema change)", () => {
    expect(fs.readFileSync(POSTGRES_SCHEMA, "utf8")).toBe(derivePostgresSchema(fs.readFileSync(SQLITE_SCHEMA, "utf8")));
  });

  it("differs from it only in the provider, the client's place and the PostgreSQL-only lines", () => {
    const derived = derivePostgresSchema(
      'generator client {\n  provider   = "prisma-client-js"\n}\ndatasource db {\n  provider = "sqlite"\n}\nmodel A {\n  id String @id\n  // @postgres geom Unsupported("postgis.geometry")?\n}\n',
    );
    expect(derived).toContain('provider = "postgresql"');
    expect(derived).toContain('output     = "../../node_modules/.prisma/postgres-client"');
    expect(derived).toContain('\n  geom Unsupported("postgis.geometry")?\n');
    expect(derived).not.toContain("sqlite");
    expect(() => derivePostgresSchema("model A {\n  id String @id\n}\n")).toThrow(/provider = "sqlite" not found/);
  });
});
