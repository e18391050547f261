// What migrate-db knows about a table, and the rules that do not touch a
// database: the order tables are copied in (foreign keys first), which columns
// wait for a second pass (a cycle of references, e.g. Annotation.currentRevisionId
// ↔ AnnotationRevision.annotationId), and the canonical text of a row that both
// sides are compared and hashed by.

import { createHash } from "node:crypto";

/** The Prisma scalar types migrate-db copies; an enum is copied as its text. */
export type ColumnType = "String" | "Int" | "Float" | "Boolean" | "DateTime" | "BigInt" | "Bytes" | "enum";

export interface ColumnSpec {
  /** The column's name in both databases. */
  name: string;
  type: ColumnType;
  /** The target's SQL type (format_type), for the casts of the INSERT parameters. */
  sqlType: string;
  /** Whether the target allows null here. */
  nullable: boolean;
}

export interface ForeignKeySpec {
  columns: string[];
  /** The table referred to. */
  references: string;
  /** Every column may be null: the reference can be set later (a second pass). */
  optional: boolean;
}

export interface TableSpec {
  /** The Prisma model. */
  model: string;
  /** Its table (the same in both databases). */
  table: string;
  /** The model's scalar fields, in the model's order: what is copied and compared. */
  columns: ColumnSpec[];
  primaryKey: string[];
  foreignKeys: ForeignKeySpec[];
}

/** A value as read from either database, decoded by its Prisma type. */
export type CellValue = string | number | boolean | bigint | Date | Uint8Array | null;
export type Row = Record<string, CellValue>;

export interface CopyStep {
  spec: TableSpec;
  /** Columns inserted as null and set in the second pass, once the rows they refer to are in. */
  deferred: string[];
  /** References to rows of the same table (a comment's parent): a row is inserted once its parent is in. */
  selfReferences: ForeignKeySpec[];
}

/**
 * Tables in an order where every reference points to a table copied before,
 * but for self-references (handled row by row) and, where the references form
 * a cycle, optional ones, which become deferred columns. Throws when a cycle
 * has no optional reference to break it (a schema no INSERT order can load).
 */
export function planCopyOrder(tables: TableSpec[]): CopyStep[] {
  const byTable = new Map(tables.map((t) => [t.table, t]));
  const placed = new Set<string>();
  const steps: CopyStep[] = [];
  const remaining = [...tables].sort((a, b) => cmp(a.table, b.table));
  const outside = (t: TableSpec) => t.foreignKeys.filter((fk) => fk.references !== t.table && byTable.has(fk.references) && !placed.has(fk.references));
  while (remaining.length) {
    let i = remaining.findIndex((t) => outside(t).length === 0);
    let deferred: string[] = [];
    if (i < 0) {
      // A cycle: the first table whose missing references are all optional goes now, those columns later.
      i = remaining.findIndex((t) => outside(t).every((fk) => fk.optional));
      if (i < 0) throw new Error(`the tables ${remaining.map((t) => t.table).join(", ")} refer to each other through required references: no order can copy them`);
      deferred = outside(remaining[i]!).flatMap((fk) => fk.columns);
    }
    const spec = remaining.splice(i, 1)[0]!;
    placed.add(spec.table);
    steps.push({ spec, deferred, selfReferences: spec.foreignKeys.filter((fk) => fk.references === spec.table) });
  }
  return steps;
}

/** Code-point order, as SQLite's BINARY collation and PostgreSQL's "C" sort text. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One value as canonical JSON: a date as ISO 8601 UTC with milliseconds, a bigint as its digits, bytes as their sha256. */
export function canonicalValue(value: CellValue): string {
  if (value instanceof Uint8Array) return JSON.stringify(`sha256:${createHash("sha256").update(value).digest("hex")}`);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === "bigint") return JSON.stringify(value.toString());
  if (typeof value === "number" && !Number.isFinite(value)) return JSON.stringify(String(value));
  return JSON.stringify(value);
}

/** A row as one line of canonical JSON, its columns in the spec's order (the line hashed for the table's sha256). */
export function canonicalRow(columns: readonly ColumnSpec[], row: Row): string {
  return `[${columns.map((c) => canonicalValue(row[c.name] ?? null)).join(",")}]`;
}

/** The primary key of a row as text: how a source row finds its copy. */
export function keyOf(spec: TableSpec, row: Row): string {
  return `[${spec.primaryKey.map((c) => canonicalValue(row[c] ?? null)).join(",")}]`;
}

/** The columns whose values differ between two rows (empty: identical). */
export function differingColumns(columns: readonly ColumnSpec[], a: Row, b: Row): string[] {
  return columns.filter((c) => canonicalValue(a[c.name] ?? null) !== canonicalValue(b[c.name] ?? null)).map((c) => c.name);
}

/** The SQL text of a timestamp (PostgreSQL `2026-12-03 16:30:24.99`, SQLite ISO 8601 or `2026-12-03 16:30:24`) as a Date, read as UTC when it names no zone. */
export function parseTimestamp(text: string): Date | null {
  const t = text.trim().replace(" ", "T");
  const zoned = /T.*(Z|[+-]\d{2}(:?\d{2})?)$/.test(t) ? t : `${t}Z`;
  const d = new Date(zoned.replace(/([+-]\d{2})$/, "$1:00"));
  return Number.isNaN(d.getTime()) ? null : d;
}
