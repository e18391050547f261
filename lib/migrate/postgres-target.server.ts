// The PostgreSQL database as migrate-db's target, through `pg` directly (not
// Prisma: multi-row INSERTs with every parameter cast to its column's type,
// and the catalog, which is where the order of the copy comes from). Every value
// is read as text and decoded by its Prisma type, so nothing depends on the
// driver's or the server's time zone: Prisma keeps UTC in `timestamp(3)`.
import pg from "pg";
import { redactUrl } from "../db/check-database.server";
import { DomainError } from "../errors";
import { parseTimestamp, type CellValue, type ColumnSpec, type ForeignKeySpec, type Row, type TableSpec } from "./table-spec";

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
/** Every value as the server's text: decoded below by the Prisma type, not by the driver's guesses. */
const AS_TEXT = { getTypeParser: () => (v: string) => v } as unknown as pg.CustomTypesConfig;

const PG_CODES: Record<string, string> = {
  "28P01": "the password was refused",
  "28000": "the role may not connect",
  "3D000": "the database does not exist (create it, then run `npm run db:migrate` with DATABASE_URL naming it)",
};
const NETWORK = ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ECONNRESET"];

export interface TargetColumn {
  name: string;
  sqlType: string;
  nullable: boolean;
  hasDefault: boolean;
}

export interface TargetTable {
  columns: TargetColumn[];
  primaryKey: string[];
  foreignKeys: ForeignKeySpec[];
}

export class PostgresTarget {
  private constructor(
    private readonly client: pg.Client,
    readonly description: string,
  ) {}

  /** Connects; a connection refused, a password refused or a database missing is one line (DomainError). */
  static async open(url: string): Promise<PostgresTarget> {
    const description = redactUrl(url);
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000, types: AS_TEXT });
    try {
      await client.connect();
    } catch (e) {
      const err = e as { code?: string; message?: string };
      const reason =
        (err.code && PG_CODES[err.code]) ?? (NETWORK.includes(err.code ?? "") ? `the server cannot be reached (${err.code})` : (err.message ?? String(e)).split("\n")[0]);
      throw new DomainError("bad_input", `target database ${description}: ${reason}`);
    }
    // Text out as the code expects it: ISO dates, floats to the last bit (PostgreSQL 12+: shortest exact form).
    await client.query("SET datestyle = 'ISO, YMD'; SET extra_float_digits = 3");
    return new PostgresTarget(client, description);
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }

  private async rows<T>(text: string, values: unknown[] = []): Promise<T[]> {
    return (await this.client.query({ text, values })).rows as T[];
  }

  /** Applied migrations by name; null when the database has no Prisma tables at all. */
  async migrations(): Promise<string[] | null> {
    const [has] = await this.rows<{ t: string | null }>("SELECT to_regclass('_prisma_migrations')::text AS t");
    if (!has?.t) return null;
    return (
      await this.rows<{ migration_name: string }>("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name")
    ).map((r) => r.migration_name);
  }

  /** A table's columns, primary key and foreign keys from the catalog; null if there is no such table. */
  async describe(table: string): Promise<TargetTable | null> {
    const [rel] = await this.rows<{ oid: string | null }>("SELECT to_regclass($1)::oid::text AS oid", [quote(table)]);
    if (!rel?.oid) return null;
    const columns = (
      await this.rows<{ name: string; type: string; notnull: string; hasdefault: string }>(
        `SELECT attname AS name, format_type(atttypid, atttypmod) AS type, attnotnull AS notnull, atthasdef AS hasdefault
           FROM pg_attribute WHERE attrelid = $1::oid AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
        [rel.oid],
      )
    ).map((c) => ({ name: c.name, sqlType: c.type, nullable: c.notnull !== "t", hasDefault: c.hasdefault === "t" }));
    const [pk] = await this.rows<{ cols: string | null }>(
      `SELECT array_to_json(array(SELECT a.attname FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(n, o)
                                   JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n ORDER BY k.o))::text AS cols
         FROM pg_index i WHERE i.indrelid = $1::oid AND i.indisprimary`,
      [rel.oid],
    );
    const fks = await this.rows<{ ref: string; cols: string }>(
      `SELECT (SELECT relname FROM pg_class WHERE oid = c.confrelid)::text AS ref,
              array_to_json(array(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(n, o)
                                   JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.o))::text AS cols
         FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid = $1::oid ORDER BY c.conname`,
      [rel.oid],
    );
    const nullable = new Map(columns.map((c) => [c.name, c.nullable]));
    return {
      columns,
      primaryKey: pk?.cols ? (JSON.parse(pk.cols) as string[]) : [],
      foreignKeys: fks.map((f) => {
        const cols = JSON.parse(f.cols) as string[];
        return { columns: cols, references: f.ref, optional: cols.every((c) => nullable.get(c)) };
      }),
    };
  }

  async count(table: string): Promise<number> {
    const [r] = await this.rows<{ n: string }>(`SELECT count(*) AS n FROM ${quote(table)}`);
    return Number(r!.n);
  }

  /** The rows of these keys that the target holds, by keyOf. */
  async lookup(spec: TableSpec, keys: CellValue[][]): Promise<Row[]> {
    if (!keys.length) return [];
    const types = spec.primaryKey.map((k) => spec.columns.find((c) => c.name === k)!.sqlType);
    const values: unknown[] = [];
    const tuples = keys.map((key) => `(${key.map((v, i) => `$${values.push(encodeParam(v))}::${types[i]}`).join(", ")})`);
    const cols = spec.columns.map((c) => quote(c.name)).join(", ");
    const raw = await this.rows<Record<string, string | null>>(
      `SELECT ${cols} FROM ${quote(spec.table)} WHERE (${spec.primaryKey.map(quote).join(", ")}) IN (${tuples.join(", ")})`,
      values,
    );
    return raw.map((r) => decodeRow(spec, r));
  }

  /** One multi-row INSERT (a statement: its rows may refer to each other). `nulled` columns go in as null. */
  async insert(spec: TableSpec, rows: Row[], nulled: ReadonlySet<string> = new Set()): Promise<void> {
    if (!rows.length) return;
    const values: unknown[] = [];
    const tuples = rows.map((row) => `(${spec.columns.map((c) => `$${values.push(nulled.has(c.name) ? null : encodeParam(row[c.name] ?? null))}::${c.sqlType}`).join(", ")})`);
    await this.client.query({ text: `INSERT INTO ${quote(spec.table)} (${spec.columns.map((c) => quote(c.name)).join(", ")}) VALUES ${tuples.join(", ")}`, values });
  }

  /** Sets `columns` of one row to the source's values, by its key (a row the target's migrations seeded). */
  async replace(spec: TableSpec, row: Row, columns: string[]): Promise<void> {
    const values: unknown[] = [];
    const typeOf = (name: string) => spec.columns.find((c) => c.name === name)!.sqlType;
    const set = columns.map((c) => `${quote(c)} = $${values.push(encodeParam(row[c] ?? null))}::${typeOf(c)}`).join(", ");
    const where = spec.primaryKey.map((k) => `${quote(k)} = $${values.push(encodeParam(row[k] ?? null))}::${typeOf(k)}`).join(" AND ");
    await this.client.query({ text: `UPDATE ${quote(spec.table)} SET ${set} WHERE ${where}`, values });
  }

  /** Sets `columns` of one row, by its key, only where they are still null (the second pass). Returns whether it did. */
  async fill(spec: TableSpec, row: Row, columns: string[]): Promise<boolean> {
    const values: unknown[] = [];
    const typeOf = (name: string) => spec.columns.find((c) => c.name === name)!.sqlType;
    const set = columns.map((c) => `${quote(c)} = $${values.push(encodeParam(row[c] ?? null))}::${typeOf(c)}`).join(", ");
    const where = spec.primaryKey.map((k) => `${quote(k)} = $${values.push(encodeParam(row[k] ?? null))}::${typeOf(k)}`).join(" AND ");
    const stillNull = columns.map((c) => `${quote(c)} IS NULL`).join(" AND ");
    const r = await this.client.query({ text: `UPDATE ${quote(spec.table)} SET ${set} WHERE ${where} AND ${stillNull}`, values });
    return (r.rowCount ?? 0) > 0;
  }

  /**
   * Every row of a table in primary-key order (text by code point, whatever
   * the database's collation), `batch` at a time, through a cursor of one
   * read-only transaction: one sort, one consistent state.
   */
  async scan(spec: TableSpec, batch: number, onRows: (rows: Row[]) => void): Promise<void> {
    const order = spec.primaryKey
      .map((k) => {
        const c = spec.columns.find((col) => col.name === k)!;
        return c.type === "String" || c.type === "enum" ? `${quote(k)}::text COLLATE "C"` : quote(k);
      })
      .join(", ");
    await this.client.query("BEGIN READ ONLY");
    try {
      await this.client.query(`DECLARE migrate_scan NO SCROLL CURSOR FOR SELECT ${spec.columns.map((c) => quote(c.name)).join(", ")} FROM ${quote(spec.table)} ORDER BY ${order}`);
      for (;;) {
        const { rows } = await this.client.query(`FETCH ${batch} FROM migrate_scan`);
        if (!rows.length) break;
        onRows((rows as Record<string, string | null>[]).map((r) => decodeRow(spec, r)));
      }
    } finally {
      await this.client.query("COMMIT").catch(() => undefined);
    }
  }
}

/** A value as an INSERT parameter: dates as ISO 8601 UTC (a `timestamp` column keeps the wall time given, so the driver's local-time rendering of a Date must not be used). */
function encodeParam(v: CellValue): unknown {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number" && !Number.isFinite(v)) return String(v);
  if (v instanceof Uint8Array) return Buffer.from(v);
  return v;
}

function decodeRow(spec: TableSpec, raw: Record<string, string | null>): Row {
  const row: Row = {};
  for (const c of spec.columns) row[c.name] = decodeText(c, raw[c.name] ?? null, spec.table);
  return row;
}

function decodeText(c: ColumnSpec, v: string | null, table: string): CellValue {
  if (v === null) return null;
  switch (c.type) {
    case "String":
    case "enum":
      return v;
    case "Int":
    case "Float":
      return Number(v);
    case "BigInt":
      return BigInt(v);
    case "Boolean":
      return v === "t" || v === "true";
    case "Bytes":
      // bytea as text is hex: \x0a1b…
      return new Uint8Array(Buffer.from(v.replace(/^\\x/, ""), "hex"));
    case "DateTime": {
      const d = parseTimestamp(v);
      if (!d) throw new Error(`${table}.${c.name}: the target holds "${v}", not a timestamp`);
      return d;
    }
  }
}
