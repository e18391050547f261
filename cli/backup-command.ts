// `sitewatch backup OUT [--json]`: one archive of the database and every
// imagery file it refers to, taken while the server runs (lib/backup).
import { createBackup } from "@/lib/backup/create-backup.server";
import { parse, UsageError } from "./args";
import { progressBar } from "./progress-bar";

const MiB = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MiB`;

export async function runBackup(args: string[]): Promise<void> {
  const { values, positionals } = parse(args, { json: { type: "boolean" } });
  if (positionals.length !== 1) throw new UsageError("backup needs one OUT file: sitewatch backup OUT");
  const bar = progressBar("backup");
  const summary = await createBackup({ out: positionals[0]!, onProgress: (fraction, message) => bar.update(fraction, message) }).finally(() => bar.done());
  if (values.json) {
    console.log(JSON.stringify(summary));
    return;
  }
  const absent = summary.absent ? `; ${summary.absent} upload(s) of unconverted scenes were already gone` : "";
  console.log(
    `wrote ${summary.out} (${MiB(summary.bytes)}): the database (${MiB(summary.databaseBytes)}) as at ${summary.createdAt} and ${summary.files} imagery file(s) (${MiB(summary.fileBytes)})${absent}; sha256 ${summary.sha256}`,
  );
}
