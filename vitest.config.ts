import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname) };

/**
 * Tests of the embedded SQLite file itself (backup and restore of it, several
 * processes on one file), and those that use both databases already (the check
 * of the PostgreSQL migrations, the move from SQLite to PostgreSQL).
 */
const POSTGRES_EXCLUDED = [
  "tests/db/backup.test.ts",
  "tests/db/processes-share-the-database.test.ts",
  "tests/db/postgres-migrations.test.ts",
  // Moves a SQLite installation into PostgreSQL: both databases in one file already.
  "tests/db/migrate-installation.test.ts",
  // Compares the OGC answers of both databases: opens the other one itself.
  "tests/db/ogc-both-databases.test.ts",
  // The command line's own rules (arguments, exit codes, one-line messages, a
  // process per case): the lib verbs they call run on PostgreSQL in their own
  // files, and these three would add a minute and a half to npm test.
  "tests/db/cli.test.ts",
  "tests/db/cli-dates.test.ts",
  "tests/db/accounts-cli.test.ts",
];
/** What exists on PostgreSQL only (PostGIS columns and their triggers). */
const POSTGRES_ONLY = ["tests/db/postgis-geometry.test.ts", "tests/db/postgres-write-turn.test.ts", "tests/db/tile-render-turns.test.ts"];

export default defineConfig({
  resolve: { alias },
  test: {
    // Two test files at a time (Vitest's default on 2 cores is one): most of a
    // database or browser test's time is spent waiting for another process (the
    // PostgreSQL server, a worker, the web server, Chromium). The e2e files still
    // run one after another; timeouts in every project allow for a busy machine.
    maxWorkers: 2,
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "imagery/**/*.test.ts", "cli/**/*.test.ts", "tests/lint/**/*.test.ts"],
          environment: "node",
          // Imagery tests decode, convert and call GDAL: a second here is ten on a
          // busy 2-core machine. No test measures speed; this only catches hangs.
          testTimeout: 30_000,
          // Set-up hooks derive test scenes the same way (10 s by default: too short under load).
          hookTimeout: 120_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "db",
          include: ["tests/db/**/*.test.ts"],
          exclude: POSTGRES_ONLY,
          globalSetup: ["tests/setup/db-template.global.ts"],
          setupFiles: ["tests/setup/db-per-file.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The same database tests on PostgreSQL + PostGIS (issue 16), but for the
        // few that test the embedded SQLite file itself (backup/restore, WAL).
        resolve: { alias },
        test: {
          name: "db-postgres",
          include: ["tests/db/**/*.test.ts"],
          exclude: POSTGRES_EXCLUDED,
          globalSetup: ["tests/setup/pg-template.global.ts"],
          setupFiles: ["tests/setup/pg-per-file.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          globalSetup: ["tests/setup/e2e-server.global.ts"],
          environment: "node",
          // One browser journey after another: they share one server and build on the demo data.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
