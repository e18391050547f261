// Prisma CLI configuration for PostgreSQL + PostGIS (DATABASE_URL=postgresql://…):
// the derived schema beside this file, its own migrations, and the `pg` driver
// adapter (lib/db/postgres-adapter.ts), so `migrate deploy` and `generate` need no
// native engine download.
// prisma.config.ts at the root hands over to this file when DATABASE_URL names
// PostgreSQL; `npm install` generates this client with it too.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "prisma/config";
import { postgresAdapter } from "../../lib/db/postgres-adapter";

const here = path.dirname(fileURLToPath(import.meta.url));
// `prisma generate` (at npm install) reads the datasource URL but never connects.
if (!/^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "")) process.env.DATABASE_URL = "postgresql://localhost/sitewatch";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    return postgresAdapter({ url: process.env.DATABASE_URL!, serialWrites: false });
  },
  schema: path.join(here, "schema.prisma"),
  migrations: { path: path.join(here, "migrations") },
});
