// Prisma CLI configuration. The CLI runs its JavaScript schema engine over the
// same driver adapter as the app, so `migrate` needs no native engine download
// (see docs/decisions/0001-prisma-6-sqlite.md).
// DATABASE_URL picks the database: `file:…` (default data/sitewatch.db) is the
// embedded SQLite, made absolute here so the CLI (which would resolve a relative
// SQLite path against prisma/) and the app always agree on one file;
// `postgresql://…` hands over to prisma/postgres/prisma.config.ts (derived
// schema, its own migrations; docs/deploy.md).
import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";

const raw = process.env.DATABASE_URL ?? "file:./data/sitewatch.db";
const isPostgres = /^postgres(ql)?:\/\//.test(raw);
const file = path.resolve(process.cwd(), raw.replace(/^file:/, ""));
if (!isPostgres) process.env.DATABASE_URL = `file:${file}`;

// Loaded only for PostgreSQL: that file fills in a placeholder DATABASE_URL for `generate`.
export default isPostgres
  ? (await import("./prisma/postgres/prisma.config")).default
  : defineConfig({
      experimental: { adapter: true },
      engine: "js",
      async adapter() {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        return new PrismaBetterSQLite3({ url: `file:${file}` });
      },
      schema: path.join("prisma", "schema.prisma"),
      migrations: { path: path.join("prisma", "migrations") },
    });
