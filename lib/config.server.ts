// Runtime configuration from the environment, resolved once. Paths are absolute
// so the CLI, the server and the tests agree whatever their working directory.
import path from "node:path";

/** `postgresql://…` (or `postgres://…`) in DATABASE_URL: the scale-out database (docs/deploy.md). */
export function isPostgresUrl(url: string | undefined): boolean {
  return /^postgres(ql)?:\/\//.test(url ?? "");
}

function resolveDbPath(): string {
  const raw = process.env.DATABASE_URL ?? "file:./data/sitewatch.db";
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), raw.replace(/^file:/, ""));
}

export const config = {
  /** Which database DATABASE_URL names: the embedded SQLite file (default) or PostgreSQL with PostGIS. */
  get databaseProvider(): "sqlite" | "postgresql" {
    return isPostgresUrl(process.env.DATABASE_URL) ? "postgresql" : "sqlite";
  },
  /** The PostgreSQL connection string; only when databaseProvider is "postgresql". */
  get databaseUrl() {
    return process.env.DATABASE_URL ?? "";
  },
  /** The SQLite file; only meaningful when databaseProvider is "sqlite". */
  get databasePath() {
    return resolveDbPath();
  },
  get dataDir() {
    return path.resolve(/*turbopackIgnore: true*/ process.cwd(), process.env.SITEWATCH_DATA_DIR ?? "data");
  },
  get storeDir() {
    return path.resolve(/*turbopackIgnore: true*/ process.cwd(), process.env.SITEWATCH_STORE_DIR ?? path.join(this.dataDir, "store"));
  },
  /** Largest accepted upload; bigger gets 413. */
  get maxUploadBytes() {
    return Number(process.env.SITEWATCH_MAX_UPLOAD_BYTES ?? 4 * 1024 ** 3);
  },
  /** Optional XYZ basemap, e.g. https://tile.example.org/{z}/{x}/{y}.png; offline outlines otherwise. */
  get basemapUrl() {
    return process.env.SITEWATCH_BASEMAP_URL ?? "";
  },
  get basemapAttribution() {
    return process.env.SITEWATCH_BASEMAP_ATTRIBUTION ?? "";
  },
  /** The release-signing keyring (lib/evidence/keyring.server.ts): outside the database, backed up apart from it. */
  get keysDir() {
    return path.resolve(/*turbopackIgnore: true*/ process.cwd(), process.env.SITEWATCH_KEYS_DIR ?? path.join(this.dataDir, "keys"));
  },
  /** An RFC 3161 timestamping authority for release signatures (optional). */
  get tsaUrl() {
    return process.env.SITEWATCH_TSA_URL?.trim() || null;
  },
  /** The name releases are signed under ("Signed by …"). */
  get installationName() {
    return process.env.SITEWATCH_INSTALLATION_NAME?.trim() || "Sitewatch";
  },
  /** Behind a reverse proxy: take the client address from X-Forwarded-For. */
  get trustProxy() {
    return process.env.SITEWATCH_TRUST_PROXY === "1";
  },
};
