// The embedded SQLite database as migrate-db's source: read-only, every page
// inside one read transaction, so the whole copy (and its hash) sees one
// committed state even if something writes meanwhile (WAL: a reader never
// blocks the writer). Values are decoded by their Prisma type, as Prisma reads
// them: dates stored as ISO text (or epoch milliseconds), booleans as 0/1.
import fs from "node:fs";
import Database from "better-sqlite3";
import { DomainError } from "../errors";
import { parseTimestamp, type CellValue, type ColumnSpec, type Row, type TableSpec } from "./table-spec";

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

export class SqliteSource {
  private readonly conn: Database.Database;

  constructor(readonly file: string) {
    if (!fs.existsSync(file)) throw new DomainError("bad_input", `no database at ${file} (DATABASE_URL): nothing to migrate`);
    this.conn = new Database(file, { readonly: true, fileMustExist: true, timeout: 10_000 });
    // The snapshot starts at the first read and holds until close().
    this.conn.exec("BEGIN");
  }

  close(): void {
    if (this.conn.inTransaction) this.conn.exec("COMMIT");
    this.conn.close();
  }

  /** Applied migrations, by name. */
  migrations(): string[] | null {
    const table = this.conn.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    if (!table) return null;
    return (
      this.conn.prepare("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name").all() as {
        migration_name: string;
      }[]
    ).map((r) => r.migration_name);
  }

  /** The columns of a table, or null if there is no such table. */
  columnsOf(table: string): string[] | null {
    const rows = this.conn.prepare(`PRAGMA table_info(${quote(table)})`).all() as { name: string }[];
    return rows.length ? rows.map((r) => r.name) : null;
  }

  count(table: string): number {
    return Number((this.conn.prepare(`SELECT count(*) AS n FROM ${quote(table)}`).get() as { n: number }).n);
  }

  /** Rows with `where` (SQL on the table's columns) and `args`, as the one SELECT everything here goes through. */
  private select(spec: TableSpec, where: string, args: unknown[], limit?: number): Row[] {
    const cols = spec.columns.map((c) => quote(c.name)).join(", ");
    const order = spec.primaryKey.map(quote).join(", ");
    const stmt = this.conn.prepare(`SELECT ${cols} FROM ${quote(spec.table)}${where ? ` WHERE ${where}` : ""} ORDER BY ${order}${limit ? ` LIMIT ${limit}` : ""}`);
    stmt.safeIntegers(true);
    return (stmt.all(...args) as Record<string, unknown>[]).map((raw) => decodeRow(spec, raw));
  }

  /**
   * The next `limit` rows after the key `after` (null: from the start), in
   * primary-key order (text by code point, as PostgreSQL's "C" collation).
   */
  page(spec: TableSpec, after: CellValue[] | null, limit: number): Row[] {
    if (!after) return this.select(spec, "", [], limit);
    const key = spec.primaryKey.map(quote).join(", ");
    return this.select(spec, `(${key}) > (${after.map(() => "?").join(", ")})`, after.map(encodeArg), limit);
  }
}

/** A key value back as SQLite holds it (the reverse of decode, for keyset pages). */
function encodeArg(v: CellValue): unknown {
  if (v instanceof Date) return v.toISOString().replace("Z", "+00:00");
  if (typeof v === "boolean") return v ? 1 : 0;
  return v;
}

function decodeRow(spec: TableSpec, raw: Record<string, unknown>): Row {
  const row: Row = {};
  for (const c of spec.columns) row[c.name] = decodeValue(c, raw[c.name], () => `${spec.table}.${c.name} of ${spec.primaryKey.map((k) => String(raw[k])).join("/")}`);
  return row;
}

function decodeValue(c: ColumnSpec, v: unknown, where: () => string): CellValue {
  if (v === null || v === undefined) return null;
  const bad = () => new Error(`${where()}: the value ${String(v).slice(0, 60)} is not a ${c.type}`);
  switch (c.type) {
    case "String":
    case "enum":
      if (typeof v === "string") return v;
      throw bad();
    case "Int":
    case "Float": {
      const n = typeof v === "bigint" ? Number(v) : v;
      if (typeof n !== "number" || (c.type === "Int" && !Number.isSafeInteger(n))) throw bad();
      return n;
    }
    case "BigInt":
      if (typeof v === "bigint") return v;
      throw bad();
    case "Boolean":
      if (v === 0n || v === 1n || v === 0 || v === 1) return Number(v) === 1;
      throw bad();
    case "Bytes":
      if (v instanceof Uint8Array) return new Uint8Array(v);
      throw bad();
    case "DateTime": {
      const d = typeof v === "string" ? parseTimestamp(v) : typeof v === "bigint" || typeof v === "number" ? new Date(Number(v)) : null;
      if (!d || Number.isNaN(d.getTime())) throw bad();
      return d;
    }
  }
}
