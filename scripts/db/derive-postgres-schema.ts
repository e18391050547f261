// The PostgreSQL data model is derived from the one in prisma/schema.prisma
// (SQLite, the embedded default), never edited by hand, so the two cannot
// drift: `npm run db:derive` writes prisma/postgres/schema.prisma, and a unit
// test (tests/lint/postgres-schema.test.ts) fails when the committed file is not
// what this derivation gives. Lines of the source marked `// @postgres …`
// become real lines on PostgreSQL only (PostGIS columns and their indexes), and
// a field ending `// @postgres-type T` has type T there.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const SQLITE_SCHEMA = path.join(ROOT, "prisma", "schema.prisma");
export const POSTGRES_SCHEMA = path.join(ROOT, "prisma", "postgres", "schema.prisma");

const HEADER = `// GENERATED from prisma/schema.prisma by \`npm run db:derive\`: do not edit.
// The PostgreSQL + PostGIS data model (DATABASE_URL=postgresql://…).
`;

export function derivePostgresSchema(source: string): string {
  let text = source;
  const swap = (from: RegExp, to: string, what: string) => {
    if (!from.test(text)) throw new Error(`derive-postgres-schema: ${what} not found in prisma/schema.prisma`);
    text = text.replace(from, to);
  };
  swap(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"', 'provider = "sqlite"');
  // Its own generated client, beside the SQLite one (lib/db.server.ts picks one at run time).
  swap(/(provider\s*=\s*"prisma-client-js"\n)/, '$1  output     = "../../node_modules/.prisma/postgres-client"\n', "the prisma-client-js generator");
  text = text.replace(/^(\s*)\/\/ @postgres (.*)$/gm, "$1$2");
  // A field's type on PostgreSQL only: `Int` is 64-bit on SQLite but 32-bit there,
  // so byte sizes (files over 2 GiB) become double precision (exact to 2^53, and
  // still a number in TypeScript, where BigInt would change every caller).
  text = text.replace(/^(\s*\w+\s+)Int(\??)(\s*)\/\/ @postgres-type (\w+)$/gm, (_m, head: string, optional: string, _space: string, type: string) => `${head}${type}${optional}`);
  return HEADER + text;
}

function main(): void {
  const derived = derivePostgresSchema(fs.readFileSync(SQLITE_SCHEMA, "utf8"));
  if (process.argv.includes("--check")) {
    const current = fs.existsSync(POSTGRES_SCHEMA) ? fs.readFileSync(POSTGRES_SCHEMA, "utf8") : "";
    if (current !== derived) {
      process.stderr.write("prisma/postgres/schema.prisma is not derived from prisma/schema.prisma: run `npm run db:derive` and add a PostgreSQL migration\n");
      process.exit(1);
    }
    return;
  }
  fs.mkdirSync(path.dirname(POSTGRES_SCHEMA), { recursive: true });
  fs.writeFileSync(POSTGRES_SCHEMA, derived);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
