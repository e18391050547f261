// Prisma CLI configuration. The CLI runs its JavaScript schema engine over the
// same better-sqlite3 driver adapter as the app, so `migrate` needs no native
// engine download (see docs/decisions/0001-prisma-6-sqlite.md).
// The database path comes from DATABASE_URL (default data/sitewatch.db) and is
// made absolute here, so the CLI (which would resolve a relative SQLite path
// against prisma/) and the app always agree on one file.
import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";

const raw = process.env.DATABASE_URL ?? "file:./data/sitewatch.db";
const file = path.resolve(process.cwd(), raw.replace(/^file:/, ""));
process.env.DATABASE_URL = `file:${file}`;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    return new PrismaBetterSQLite3({ url: `file:${file}` });
  },
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
});
