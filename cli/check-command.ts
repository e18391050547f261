// `sitewatch check [--json]`: can this installation run with its configuration?
// Opens the database that DATABASE_URL names (and PostGIS and the migrations on
// PostgreSQL). The web server runs
// it before it listens, so bad configuration is one line at start-up; an
// operator runs it after changing the environment.
import { checkDatabase } from "@/lib/db/check-database.server";
import { parse } from "./args";

export async function runCheck(args: string[]): Promise<void> {
  const { values } = parse(args, { json: { type: "boolean" } });
  const database = await checkDatabase();
  if (values.json) console.log(JSON.stringify({ database }));
  else console.log(`database: ${database}`);
}
