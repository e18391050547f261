// `sitewatch migrate-db --to postgresql://…`: copies the embedded installation's
// database (DATABASE_URL, SQLite) into a PostgreSQL database migrated to the
// same version, every row of every model Prisma knows (found in the client's
// data model, not listed here, so a new model is copied too), ids and
// timestamps as they are. Tables go in foreign-key order; a cycle of
// references (Annotation.currentRevisionId ↔ AnnotationRevision.annotationId)
// is broken at its optional columns, set in a second pass; a self-reference (a
// comment's parent) waits for its parent row. A row already in the target and
// identical is left alone; one that differs is a conflict, reported and never
// overwritten (the append-only tables could not be updated anyway). At the end
// both sides of every table are read in key order and hashed: the copy is
// done when the hashes match. Running it again copies nothing new.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Prisma } from "@prisma/client";
import { config, isPostgresUrl } from "../config.server";
import { redactUrl } from "../db/check-database.server";
import { DomainError } from "../errors";
import { firstDatabaseProblem, type Conflict, type DatabaseReport, type TableReport } from "./migrate-report";
import { PostgresTarget } from "./postgres-target.server";
import { SqliteSource } from "./sqlite-source.server";
import { canonicalRow, differingColumns, keyOf, planCopyOrder, type CellValue, type ColumnType, type CopyStep, type Row, type TableSpec } from "./table-spec";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
/** Rows per INSERT, and at most this many parameters in one statement (PostgreSQL's limit is 65,535). */
const BATCH_ROWS = 500;
const MAX_PARAMS = 30_000;
/** Conflicts listed in the report (all are counted). */
const MAX_LISTED = 50;
const SCALARS = new Set<string>(["String", "Int", "Float", "Boolean", "DateTime", "BigInt", "Bytes"]);

export interface CopyDatabaseProgress {
  (fraction: number, message: string): void;
}

function expectedMigrations(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

/** One sentence when a database is not at the version this code's migrations make, else null. */
function migrationProblem(applied: string[] | null, expected: string[]): string | null {
  if (!applied) return "it has no Sitewatch tables";
  const done = new Set(applied);
  const missing = expected.filter((m) => !done.has(m));
  if (missing.length) return `${missing.length} migration(s) not applied (first: ${missing[0]})`;
  const known = new Set(expected);
  const unknown = applied.filter((m) => !known.has(m));
  if (unknown.length) return `it has migration(s) this version of Sitewatch does not know (first: ${unknown[0]}): it was made by a newer version`;
  return null;
}

/**
 * The tables the migrations themselves put rows in (the default change types):
 * in a freshly migrated target those rows are the defaults, not anybody's
 * data, so the source's rows replace them where they differ.
 */
function seededTables(dir: string): Set<string> {
  const out = new Set<string>();
  for (const m of expectedMigrations(dir)) {
    const sql = fs.readFileSync(path.join(dir, m, "migration.sql"), "utf8");
    for (const [, table] of sql.matchAll(/^\s*INSERT\s+INTO\s+"([^"]+)"/gim)) out.add(table!);
  }
  return out;
}

/** The models of the Prisma client, with the target's view of their tables (types, keys, references). */
async function describeTables(source: SqliteSource, target: PostgresTarget, migrate: string): Promise<TableSpec[]> {
  const specs: TableSpec[] = [];
  for (const model of Prisma.dmmf.datamodel.models) {
    const table = model.dbName ?? model.name;
    const fields = model.fields.filter((f) => f.kind === "scalar" || f.kind === "enum");
    const described = await target.describe(table);
    if (!described) throw new DomainError("bad_input", `the target has no table ${table}: ${migrate}`);
    const sourceColumns = source.columnsOf(table);
    if (!sourceColumns) throw new DomainError("bad_input", `the source database has no table ${table}: run \`npm run db:migrate\` on it first`);
    const columns = fields.map((f) => {
      const name = f.dbName ?? f.name;
      const type: ColumnType | null = f.kind === "enum" ? "enum" : SCALARS.has(f.type) ? (f.type as ColumnType) : null;
      if (!type) throw new Error(`migrate-db cannot copy ${model.name}.${f.name}: fields of type ${f.type} are not supported yet`);
      const col = described.columns.find((c) => c.name === name);
      if (!col) throw new DomainError("bad_input", `the target's table ${table} has no column ${name}: ${migrate}`);
      if (!sourceColumns.includes(name)) throw new DomainError("bad_input", `the source's table ${table} has no column ${name}: run \`npm run db:migrate\` on it first`);
      return { name, type, sqlType: col.sqlType, nullable: col.nullable };
    });
    // Columns only the target has (PostGIS geometries) must fill themselves: a trigger or a default sets them, or they stay null.
    const names = new Set(columns.map((c) => c.name));
    const unfilled = described.columns.find((c) => !names.has(c.name) && !c.nullable && !c.hasDefault);
    if (unfilled) throw new DomainError("bad_input", `the target's column ${table}.${unfilled.name} is not in this version's data model: ${migrate}`);
    if (!described.primaryKey.length) throw new Error(`the target's table ${table} has no primary key: rows cannot be matched`);
    specs.push({ model: model.name, table, columns, primaryKey: described.primaryKey, foreignKeys: described.foreignKeys });
  }
  const tables = new Set(specs.map((s) => s.table));
  // References to tables outside the data model (none today) are the target's own business.
  for (const s of specs) s.foreignKeys = s.foreignKeys.filter((fk) => tables.has(fk.references));
  return specs;
}

const pkValues = (spec: TableSpec, row: Row): CellValue[] => spec.primaryKey.map((k) => row[k] ?? null);

/** Whether a database error is about the row (a constraint, a value out of range) rather than the connection. */
function isRowError(e: unknown): boolean {
  const code = (e as { code?: string })?.code ?? "";
  return code.startsWith("23") || code.startsWith("22");
}

class Copier {
  readonly conflicts: Conflict[] = [];
  private conflictCount = new Map<string, number>();
  done = 0;

  constructor(
    private readonly source: SqliteSource,
    private readonly target: PostgresTarget,
    private readonly total: number,
    private readonly onProgress: CopyDatabaseProgress,
    /** Tables whose rows the target's own migrations insert. */
    private readonly seeded: ReadonlySet<string>,
    private readonly batchRows: number,
  ) {}

  /** Rows per page and per INSERT for a table: the batch size, within the parameter limit. */
  batchOf(spec: TableSpec): number {
    return Math.max(1, Math.min(this.batchRows, Math.floor(MAX_PARAMS / spec.columns.length)));
  }

  conflict(table: string, key: string, reason: string): void {
    this.conflictCount.set(table, (this.conflictCount.get(table) ?? 0) + 1);
    if (this.conflicts.length < MAX_LISTED) this.conflicts.push({ table, key, reason });
  }

  conflictsIn(table: string): number {
    return this.conflictCount.get(table) ?? 0;
  }

  private tick(n: number, phase: string, weight: number, offset: number): void {
    this.done += n;
    this.onProgress(offset + (weight * Math.min(this.done, this.total)) / Math.max(1, this.total), phase);
  }

  /** Inserts rows, one statement for all; if that fails on a row, one by one, each failure a conflict naming its row. Returns how many went in. */
  private async insert(spec: TableSpec, rows: Row[], nulled: ReadonlySet<string>): Promise<Row[]> {
    try {
      await this.target.insert(spec, rows, nulled);
      return rows;
    } catch (e) {
      if (!isRowError(e)) throw e;
    }
    const inserted: Row[] = [];
    for (const row of rows) {
      try {
        await this.target.insert(spec, [row], nulled);
        inserted.push(row);
      } catch (e) {
        if (!isRowError(e)) throw e;
        this.conflict(spec.table, keyOf(spec, row), `cannot be written: ${String((e as Error).message).split("\n")[0]}`);
      }
    }
    return inserted;
  }

  /** The first pass over one table: copies what is missing, compares what is there. */
  async copyTable(step: CopyStep): Promise<{ copied: number; alreadyThere: number; replaced: number }> {
    const { spec, deferred, selfReferences } = step;
    const nulled = new Set(deferred);
    const compared = spec.columns.filter((c) => !nulled.has(c.name));
    const batch = this.batchOf(spec);
    // Rows of this table known to be in the target, for the rows that refer to them (self-references only).
    const present = new Set<string>();
    const parentKey = (fk: (typeof selfReferences)[number], row: Row): string | null =>
      fk.columns.some((c) => row[c] === null) ? null : keyOf({ ...spec, primaryKey: fk.columns }, row);
    let waiting: Row[] = [];
    let copied = 0;
    let alreadyThere = 0;
    let replaced = 0;

    const insertReady = async (candidates: Row[]): Promise<Row[]> => {
      if (!selfReferences.length) {
        copied += (await this.insert(spec, candidates, nulled)).length;
        return [];
      }
      // A row goes in once its parent is in the target or goes in with it (one statement checks its references at its end).
      let ready = candidates;
      for (;;) {
        const keys = new Set(ready.map((r) => keyOf(spec, r)));
        const next = ready.filter((r) =>
          selfReferences.every((fk) => {
            const parent = parentKey(fk, r);
            return parent === null || present.has(parent) || keys.has(parent);
          }),
        );
        if (next.length === ready.length) break;
        ready = next;
      }
      const inserted = await this.insert(spec, ready, nulled);
      for (const r of inserted) present.add(keyOf(spec, r));
      copied += inserted.length;
      const readySet = new Set(ready);
      return candidates.filter((r) => !readySet.has(r));
    };

    for (let after: CellValue[] | null = null; ;) {
      const rows = this.source.page(spec, after, batch);
      if (!rows.length) break;
      after = pkValues(spec, rows.at(-1)!);
      const there = new Map(
        (
          await this.target.lookup(
            spec,
            rows.map((r) => pkValues(spec, r)),
          )
        ).map((r) => [keyOf(spec, r), r]),
      );
      const missing: Row[] = [];
      for (const row of rows) {
        const key = keyOf(spec, row);
        const existing = there.get(key);
        if (!existing) missing.push(row);
        else {
          present.add(key);
          const differ = differingColumns(compared, row, existing);
          if (!differ.length) alreadyThere++;
          else if (this.seeded.has(spec.table)) {
            // The target's migrations put this row there (a default change type): the installation's own values replace it.
            await this.target.replace(spec, row, differ);
            replaced++;
          } else this.conflict(spec.table, key, `already in the target with other values (${differ.join(", ")}); left as it is`);
        }
      }
      waiting = [...waiting, ...(await insertReady(missing))];
      this.tick(rows.length, `copying ${spec.table}`, 0.6, 0);
    }
    // Children met before their parents: again until nothing moves.
    while (waiting.length) {
      const before = waiting.length;
      waiting = await insertReady(waiting);
      if (waiting.length === before) {
        for (const r of waiting) this.conflict(spec.table, keyOf(spec, r), "refers to a row of its own table that is neither in the source nor in the target");
        break;
      }
    }
    return { copied, alreadyThere, replaced };
  }

  /** The second pass: the deferred references, set where the target still has null. */
  async linkTable(step: CopyStep): Promise<number> {
    const { spec, deferred } = step;
    const columns = spec.columns.filter((c) => deferred.includes(c.name));
    let linked = 0;
    for (let after: CellValue[] | null = null; ;) {
      const rows = this.source.page(spec, after, this.batchOf(spec));
      if (!rows.length) break;
      after = pkValues(spec, rows.at(-1)!);
      const there = new Map(
        (
          await this.target.lookup(
            spec,
            rows.map((r) => pkValues(spec, r)),
          )
        ).map((r) => [keyOf(spec, r), r]),
      );
      for (const row of rows) {
        const existing = there.get(keyOf(spec, row));
        if (!existing) continue; // Its insert failed: already a conflict.
        const differ = differingColumns(columns, row, existing);
        if (!differ.length) continue;
        const unset = differ.filter((c) => existing[c] === null && row[c] !== null);
        if (unset.length === differ.length && (await this.target.fill(spec, row, unset))) linked++;
        else this.conflict(spec.table, keyOf(spec, row), `already in the target with other values (${differ.join(", ")}); left as it is`);
      }
    }
    return linked;
  }

  /** Both sides of a table in key order as canonical lines, hashed; and the target's row count. */
  async hashTable(spec: TableSpec): Promise<{ sourceSha256: string; targetSha256: string; targetRows: number }> {
    const s = createHash("sha256");
    const batch = this.batchOf(spec);
    for (let after: CellValue[] | null = null; ;) {
      const rows = this.source.page(spec, after, batch);
      if (!rows.length) break;
      after = pkValues(spec, rows.at(-1)!);
      for (const r of rows) s.update(`${canonicalRow(spec.columns, r)}\n`);
      this.tick(rows.length, `verifying ${spec.table}`, 0.4, 0.6);
    }
    const t = createHash("sha256");
    let targetRows = 0;
    await this.target.scan(spec, this.batchOf(spec), (rows) => {
      targetRows += rows.length;
      for (const r of rows) t.update(`${canonicalRow(spec.columns, r)}\n`);
    });
    return { sourceSha256: s.digest("hex"), targetSha256: t.digest("hex"), targetRows };
  }
}

/**
 * Copies the SQLite database DATABASE_URL names into the PostgreSQL database
 * `to`. Bad input (not a PostgreSQL URL, unreachable, not migrated, jobs
 * still queued) is a DomainError with one line; a finished copy returns its
 * report, `identical` false when anything conflicts or differs.
 */
export async function copyDatabase(args: {
  to: string;
  onProgress?: CopyDatabaseProgress;
  /** Rows per page and per INSERT (500); the tests make it small to cross many pages. */
  batchRows?: number;
}): Promise<DatabaseReport> {
  const onProgress = args.onProgress ?? (() => undefined);
  const to = args.to.trim();
  if (!isPostgresUrl(to)) throw new DomainError("bad_input", `--to must name a PostgreSQL database, postgresql://user:password@host:5432/database (got "${to.slice(0, 100)}")`);
  try {
    new URL(to);
  } catch {
    throw new DomainError("bad_input", `--to "${redactUrl(to)}" is not a valid URL: postgresql://user:password@host:5432/database`);
  }
  if (config.databaseProvider !== "sqlite")
    throw new DomainError("bad_input", "DATABASE_URL names PostgreSQL already: migrate-db copies the embedded SQLite database (set DATABASE_URL=file:… to the database to copy)");

  const source = new SqliteSource(config.databasePath);
  let target: PostgresTarget | null = null;
  try {
    const sourceProblem = migrationProblem(source.migrations(), expectedMigrations(path.join(ROOT, "prisma", "migrations")));
    if (sourceProblem) throw new DomainError("bad_input", `the source database ${source.file}: ${sourceProblem}: run \`npm run db:migrate\` on it first`);
    target = await PostgresTarget.open(to);
    const migrate = `run \`DATABASE_URL='${target.description}' npm run db:migrate\` (with the real password) first`;
    const targetProblem = migrationProblem(await target.migrations(), expectedMigrations(path.join(ROOT, "prisma", "postgres", "migrations")));
    if (targetProblem) throw new DomainError("bad_input", `the target database ${target.description}: ${targetProblem}: ${migrate}`);

    const specs = await describeTables(source, target, migrate);
    const job = specs.find((s) => s.model === "Job");
    if (job) {
      const active = source.page(job, null, Number.MAX_SAFE_INTEGER).filter((r) => r.status === "QUEUED" || r.status === "RUNNING").length;
      // On PostgreSQL a queued job also needs its pg-boss token, written only when it is queued there: let the workers finish first.
      if (active)
        throw new DomainError("bad_input", `${active} job(s) are queued or running in the source: stop the web servers, let the workers finish (or cancel them), then migrate`);
    }
    const steps = planCopyOrder(specs);
    const counts = new Map(specs.map((s) => [s.table, source.count(s.table)]));
    const targetMigrations = path.join(ROOT, "prisma", "postgres", "migrations");
    const copier = new Copier(
      source,
      target,
      [...counts.values()].reduce((a, b) => a + b, 0),
      onProgress,
      seededTables(targetMigrations),
      args.batchRows ?? BATCH_ROWS,
    );

    const firstPass = new Map<string, { copied: number; alreadyThere: number; replaced: number }>();
    for (const step of steps) firstPass.set(step.spec.table, await copier.copyTable(step));
    const linked = new Map<string, number>();
    for (const step of steps) if (step.deferred.length) linked.set(step.spec.table, await copier.linkTable(step));

    copier.done = 0;
    const tables: TableReport[] = [];
    for (const step of steps) {
      const { table } = step.spec;
      const hashes = await copier.hashTable(step.spec);
      tables.push({
        table,
        sourceRows: counts.get(table)!,
        ...firstPass.get(table)!,
        linked: linked.get(table) ?? 0,
        conflicts: copier.conflictsIn(table),
        ...hashes,
      });
    }
    onProgress(1, "done");
    const firstProblem = firstDatabaseProblem(tables, copier.conflicts);
    return { source: source.file, target: target.description, tables, conflicts: copier.conflicts, identical: firstProblem === null, firstProblem };
  } finally {
    source.close();
    await target?.close();
  }
}
