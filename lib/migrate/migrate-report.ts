// What `sitewatch migrate-db` and `sitewatch migrate-store` report: per table
// (rows in the source, copied, already there, conflicts, and the sha256 of the
// table's canonical dump on each side) and per kind of file (copied, already
// there, bytes), the first problem named, and the text a person reads.

export interface Conflict {
  table: string;
  /** The row's primary key, as canonical JSON. */
  key: string;
  /** What differs, or why the row could not be written. */
  reason: string;
}

export interface TableReport {
  table: string;
  sourceRows: number;
  copied: number;
  alreadyThere: number;
  /** Rows the target's migrations had seeded (the default change types) with other values, set to the source's. */
  replaced: number;
  /** Rows whose deferred references (a cycle: Annotation.currentRevisionId) were set in the second pass. */
  linked: number;
  conflicts: number;
  targetRows: number;
  sourceSha256: string;
  targetSha256: string;
}

export interface DatabaseReport {
  source: string;
  target: string;
  tables: TableReport[];
  /** The first conflicts found (at most a few dozen), in the order met. */
  conflicts: Conflict[];
  /** True when every table hashes the same on both sides and nothing conflicted. */
  identical: boolean;
  /** The first thing that is not as it should be, in one sentence; null when identical. */
  firstProblem: string | null;
}

/** The first mismatch of a database copy, or null. */
export function firstDatabaseProblem(tables: TableReport[], conflicts: Conflict[]): string | null {
  const c = conflicts[0];
  if (c) return `${c.table} ${c.key}: ${c.reason}`;
  for (const t of tables) {
    if (t.sourceRows !== t.targetRows) return `${t.table}: ${t.sourceRows} row(s) in the source, ${t.targetRows} in the target`;
    if (t.sourceSha256 !== t.targetSha256)
      return `${t.table}: the rows differ (sha256 ${t.sourceSha256.slice(0, 12)}… in the source, ${t.targetSha256.slice(0, 12)}… in the target)`;
  }
  return null;
}

export function formatDatabaseReport(r: DatabaseReport): string {
  const head = ["table", "source", "copied", "already", "replaced", "conflicts", "sha256 (both sides)"];
  const rows = r.tables.map((t) => [
    t.table,
    String(t.sourceRows),
    String(t.copied),
    String(t.alreadyThere),
    String(t.replaced),
    String(t.conflicts),
    t.sourceSha256 === t.targetSha256 && t.sourceRows === t.targetRows ? `${t.sourceSha256.slice(0, 16)}… equal` : `DIFFER (target ${t.targetRows} rows)`,
  ]);
  const total = (k: "sourceRows" | "copied" | "alreadyThere" | "replaced" | "conflicts") => r.tables.reduce((n, t) => n + t[k], 0);
  const lines = [`migrate-db ${r.source} → ${r.target}`, ...table([head, ...rows])];
  lines.push(
    r.identical
      ? `identical: ${total("sourceRows")} row(s) in ${r.tables.length} tables; ${total("copied")} copied, ${total("alreadyThere")} already there${total("replaced") ? `, ${total("replaced")} default row(s) of the target's migrations set to the source's values` : ""}`
      : `NOT identical: ${total("conflicts")} conflict(s); first: ${r.firstProblem}`,
  );
  return lines.join("\n");
}

export interface StoreReport {
  source: string;
  target: string;
  /** Files the database refers to (originals, COGs, staged uploads). */
  files: number;
  copied: number;
  copiedBytes: number;
  alreadyThere: number;
  alreadyThereBytes: number;
  /** Uploads of scenes that never became READY whose file was already gone (as in a backup). */
  absent: number;
  /** Rendered public tiles copied beside an S3 store (null: not copied, the target renders them again on demand). */
  tiles: { copied: number; alreadyThere: number; bytes: number } | null;
  /** Files missing from the source or whose bytes do not hash to their name. */
  problems: string[];
  firstProblem: string | null;
}

const MiB = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MiB`;

export function formatStoreReport(r: StoreReport): string {
  const lines = [
    `migrate-store ${r.source} → ${r.target}`,
    `files the database refers to: ${r.files}; copied ${r.copied} (${MiB(r.copiedBytes)}, every one hashed to its name); already there ${r.alreadyThere} (${MiB(r.alreadyThereBytes)})${r.absent ? `; ${r.absent} upload(s) of unconverted scenes already gone` : ""}`,
    r.tiles
      ? `public tile cache: copied ${r.tiles.copied} tile(s) (${MiB(r.tiles.bytes)}), already there ${r.tiles.alreadyThere}`
      : "public tile cache: not copied (the target renders tiles again on demand)",
    r.firstProblem ? `NOT complete: ${r.problems.length} problem(s); first: ${r.firstProblem}` : "complete: every file is in the target",
  ];
  return lines.join("\n");
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) =>
    r
      .map((cell, i) => (i === 0 || i === r.length - 1 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join("  ")
      .trimEnd(),
  );
}
