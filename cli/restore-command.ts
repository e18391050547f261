// `sitewatch restore IN [--force] [--json]`: puts a backup back as this
// installation (DATABASE_URL and the store), every hash checked before
// anything is replaced (lib/backup). Stop the web servers and workers first.
import { restoreBackup } from "@/lib/backup/restore-backup.server";
import { parse, UsageError } from "./args";
import { progressBar } from "./progress-bar";

export async function runRestore(args: string[]): Promise<void> {
  const { values, positionals } = parse(args, { force: { type: "boolean" }, json: { type: "boolean" } });
  if (positionals.length !== 1) throw new UsageError("restore needs one IN file: sitewatch restore IN [--force]");
  const bar = progressBar("restore");
  const summary = await restoreBackup({ input: positionals[0]!, force: values.force, onProgress: (fraction, message) => bar.update(fraction, message) }).finally(() => bar.done());
  if (values.json) {
    console.log(JSON.stringify(summary));
    return;
  }
  console.log(
    `restored the backup of ${summary.createdAt} into ${summary.database} and ${summary.store}: ${summary.files} imagery file(s), every hash checked${summary.replaced ? "; the installation that was there is gone" : ""}`,
  );
  if (summary.pendingMigrations.length) console.log(`the backup predates ${summary.pendingMigrations.length} migration(s) of this version: run npm run db:migrate before starting`);
}
