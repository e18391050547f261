// `sitewatch migrate-db --to postgresql://… [--json]` and
// `sitewatch migrate-store --to s3://bucket/prefix [--json]`: copy an embedded
// installation into the scale-out one (lib/migrate). Exit 0 when everything is
// there and verified, 1 with the first mismatch named, 2 for bad input.
import { copyDatabase } from "@/lib/migrate/copy-database.server";
import { copyStore } from "@/lib/migrate/copy-store.server";
import { formatDatabaseReport, formatStoreReport } from "@/lib/migrate/migrate-report";
import { parse, UsageError } from "./args";
import { progressBar } from "./progress-bar";

function target(args: string[], command: string, example: string): { to: string; json: boolean } {
  const { values, positionals } = parse(args, { to: { type: "string" }, json: { type: "boolean" } });
  if (positionals.length) throw new UsageError(`${command} takes no positional argument (got "${positionals[0]}")`);
  if (!values.to?.trim()) throw new UsageError(`${command} needs --to ${example}`);
  return { to: values.to, json: values.json ?? false };
}

function finish(command: string, problem: string | null): void {
  if (!problem) return;
  process.stderr.write(`sitewatch: ${command}: ${problem}\n`);
  process.exitCode = 1;
}

export async function runMigrateDb(args: string[]): Promise<void> {
  const { to, json } = target(args, "migrate-db", "postgresql://user:password@host:5432/database");
  const bar = progressBar("migrate-db");
  const report = await copyDatabase({ to, onProgress: (f, m) => bar.update(f, m) }).finally(() => bar.done());
  console.log(json ? JSON.stringify(report) : formatDatabaseReport(report));
  finish("migrate-db", report.firstProblem);
}

export async function runMigrateStore(args: string[]): Promise<void> {
  const { to, json } = target(args, "migrate-store", "s3://bucket/prefix");
  const bar = progressBar("migrate-store");
  const report = await copyStore({ to, onProgress: (f, m) => bar.update(f, m) }).finally(() => bar.done());
  console.log(json ? JSON.stringify(report) : formatStoreReport(report));
  finish("migrate-store", report.firstProblem);
}
