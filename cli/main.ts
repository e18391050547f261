// `sitewatch` command line: parses arguments and calls lib/ and imagery/.
// Exit 0 on success; 2 with one line on stderr for bad input; 1 for anything unexpected.
// Commands are loaded when called, so each starts with only what it needs.
import { ZodError } from "zod";
import { capMessage, DomainError } from "@/lib/errors";
import { ImageryError } from "@/imagery/imagery-error";
import { UsageError } from "./args";

const USAGE = `usage:
  sitewatch inspect FILE [--json]
  sitewatch cog IN OUT [--json]
  sitewatch scenes convert   (cloud-optimised copies for scenes stored before conversion existed)
  sitewatch tiles (FILE | --scene ID) OUTDIR --zoom Z[-Z] [--bands 3,2,1] [--stretch MIN,MAX] [--json]
  sitewatch ingest FILE --site SLUG --acquired DATE [--sensor S] [--gsd M] [--license L] [--attribution A] [--public-max-zoom Z] [--public] [--synthetic] [--off-site] [--as EMAIL]
  sitewatch check [--json]   (opens the database and the store the environment names; one line if either cannot be used)
  sitewatch store sweep   (removes temp files and staged uploads left by processes that died)
  sitewatch backup OUT [--json]   (one archive of the database and the imagery it refers to, taken while the server runs)
  sitewatch restore IN [--force] [--json]   (puts a backup back, every hash checked first; stop the server and workers)
  sitewatch migrate-db --to postgresql://… [--json]   (copies this SQLite database into a migrated PostgreSQL one, every row verified; re-runnable)
  sitewatch migrate-store --to s3://bucket/prefix [--json]   (copies every imagery file the database refers to into another store, each hash checked; re-runnable)
  sitewatch worker [--concurrency N]   (runs queued jobs: scene conversion, change detection; until SIGTERM)
  sitewatch detect BEFORE AFTER --aoi AOI.geojson --out CANDIDATES.geojson [--sensitivity 0..1] [--bands 1,2,3] [--min-area M2] [--normalisation robust-linear|robust-piecewise|global-linear|histogram|none] [--nir N --red N] [--no-register] [--json]
  sitewatch detect-series SCENE… --aoi AOI.geojson --out OUT.geojson [--sensitivity 0..1] [--nir N --red N] [--json]   (SCENE: FILE@DATE, or a FILE with a TIFF DateTime)
  sitewatch keys init | rotate | list [--json]   (the release-signing key, in SITEWATCH_KEYS_DIR, by default <data dir>/keys)
  sitewatch audit verify [--json]   (walks every site's review record; exit 1 naming the first break)
  sitewatch release export SLUG N OUT.zip [--origin URL]   (the signed archive of a published release)
  sitewatch release timestamp SLUG N   (asks SITEWATCH_TSA_URL again for a release it could not timestamp when published)
  sitewatch verify ARCHIVE.zip [--key KEYFILE | --keys-url URL] [--json]   (checks an archive; exit 0 valid, 1 invalid; needs no database)
  sitewatch user create --email E --role analyst|editor|admin [--name N]   (password from stdin, or generated and printed once)
  sitewatch user list [--json]
  sitewatch user set-role --email E --role analyst|editor|admin
  sitewatch user deactivate --email E   (ends every session of the account at once)
  sitewatch user reactivate --email E
  sitewatch user reset-password --email E [--password-stdin] [--json]   (prints a one-time link, or sets the password read from stdin)
  sitewatch user reset-two-factor --email E   (turns off someone's two-step sign-in: lost phone and recovery codes)`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case "inspect":
      return (await import("./inspect-command")).runInspect(rest);
    case "cog":
      return (await import("./cog-command")).runCog(rest);
    case "tiles":
      return (await import("./tiles-command")).runTiles(rest);
    case "scenes":
      return (await import("./scenes-command")).runScenes(rest);
    case "ingest":
      return (await import("./ingest-command")).runIngest(rest);
    case "detect":
      return (await import("./detect-command")).runDetect(rest);
    case "detect-series":
      return (await import("./detect-series-command")).runDetectSeries(rest);
    case "backup":
      return (await import("./backup-command")).runBackup(rest);
    case "restore":
      return (await import("./restore-command")).runRestore(rest);
    case "migrate-db":
      return (await import("./migrate-command")).runMigrateDb(rest);
    case "migrate-store":
      return (await import("./migrate-command")).runMigrateStore(rest);
    case "check":
      return (await import("./check-command")).runCheck(rest);
    case "keys":
      return (await import("./evidence-command")).runKeys(rest);
    case "audit":
      return (await import("./evidence-command")).runAudit(rest);
    case "release":
      return (await import("./evidence-command")).runRelease(rest);
    case "verify":
      return (await import("./evidence-command")).runVerify(rest);
    case "store":
      return (await import("./store-command")).runStore(rest);
    case "worker":
      return (await import("./worker-command")).runWorkerCommand(rest);
    case "user":
      if (rest[0] === "create") return (await import("./user-command")).runUserCreate(rest.slice(1));
      if (["list", "set-role", "deactivate", "reactivate", "reset-password", "reset-two-factor"].includes(rest[0] ?? "")) return (await import("./user-command")).runUser(rest);
      throw new UsageError(`unknown user command "${rest[0] ?? ""}"`);
    case undefined:
    case "help":
    case "--help":
      console.log(USAGE);
      return;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

/** One line, capped (a hostile file must not print a 100 KB error); a stack gets more room. */
function oneLine(s: string, max?: number): string {
  return capMessage(s.replace(/\s+/g, " ").trim(), max);
}

try {
  await main(process.argv.slice(2));
  process.exitCode = process.exitCode ?? 0;
} catch (e) {
  if (e instanceof UsageError) {
    process.stderr.write(`sitewatch: ${oneLine(e.message)} (sitewatch help lists the commands)\n`);
    process.exitCode = 2;
  } else if (e instanceof DomainError || e instanceof ImageryError) {
    process.stderr.write(`sitewatch: ${oneLine(e.message)}\n`);
    process.exitCode = 2;
  } else if (e instanceof Error && e.name === "DetectionCancelled") {
    process.stderr.write(`sitewatch: ${e.message}; nothing was written\n`);
    process.exitCode = 130;
  } else if (e instanceof ZodError) {
    const i = e.issues[0];
    process.stderr.write(`sitewatch: ${i?.path.length ? `${i.path.join(".")}: ` : ""}${oneLine(i?.message ?? "invalid input")}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`sitewatch: unexpected error: ${oneLine((e as Error)?.stack ?? String(e), 4000)}\n`);
    process.exitCode = 1;
  }
} finally {
  // The database client is only created if a command touched it.
  const g = globalThis as unknown as { sitewatchDb?: { $disconnect(): Promise<void> } };
  await g.sitewatchDb?.$disconnect();
}
