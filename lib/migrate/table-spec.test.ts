import { describe, expect, it } from "vitest";
import { canonicalRow, differingColumns, parseTimestamp, planCopyOrder, type ColumnSpec, type ForeignKeySpec, type TableSpec } from "./table-spec";

const col = (name: string, type: ColumnSpec["type"] = "String", nullable = false): ColumnSpec => ({ name, type, sqlType: "text", nullable });
const fk = (columns: string[], references: string, optional: boolean): ForeignKeySpec => ({ columns, references, optional });
const table = (name: string, foreignKeys: ForeignKeySpec[] = []): TableSpec => ({ model: name, table: name, columns: [col("id")], primaryKey: ["id"], foreignKeys });

describe("planCopyOrder", () => {
  const tables = [
    table("Comment", [fk(["annotationId"], "Annotation", false), fk(["authorId"], "User", false), fk(["parentId"], "Comment", true)]),
    table("AnnotationRevision", [fk(["annotationId"], "Annotation", false), fk(["createdById"], "User", false)]),
    table("Annotation", [fk(["authorId"], "User", false), fk(["currentRevisionId"], "AnnotationRevision", true), fk(["publishedRevisionId"], "AnnotationRevision", true)]),
    table("User"),
  ];

  it("puts every table after the tables it refers to, breaking a cycle at its optional references", () => {
    const steps = planCopyOrder(tables);
    expect(steps.map((s) => s.spec.table)).toEqual(["User", "Annotation", "AnnotationRevision", "Comment"]);
    expect(steps.find((s) => s.spec.table === "Annotation")!.deferred).toEqual(["currentRevisionId", "publishedRevisionId"]);
    expect(steps.filter((s) => s.deferred.length).map((s) => s.spec.table)).toEqual(["Annotation"]);
  });

  it("leaves a self-reference to the rows (a comment's parent), not to a second pass", () => {
    const comment = planCopyOrder(tables).find((s) => s.spec.table === "Comment")!;
    expect(comment.deferred).toEqual([]);
    expect(comment.selfReferences.map((r) => r.columns)).toEqual([["parentId"]]);
  });

  it("refuses a cycle of required references, which no order of INSERTs can load", () => {
    expect(() => planCopyOrder([table("A", [fk(["bId"], "B", false)]), table("B", [fk(["aId"], "A", false)])])).toThrow(/A, B refer to each other/);
  });
});

describe("canonical rows", () => {
  const columns = [col("id"), col("at", "DateTime"), col("on", "Boolean"), col("n", "Float", true), col("big", "BigInt", true)];

  it("writes dates as ISO 8601 UTC with milliseconds, whichever way they were stored", () => {
    const a = { id: "x", at: parseTimestamp("2026-12-03T16:30:24.991+00:00"), on: true, n: 0.1 + 0.2, big: 2n ** 63n - 1n };
    const b = { ...a, at: parseTimestamp("2026-12-03 16:30:24.991") };
    expect(canonicalRow(columns, a)).toBe('["x","2026-12-03T16:30:24.991Z",true,0.30000000000000004,"9223372036854775807"]');
    expect(differingColumns(columns, a, b)).toEqual([]);
    expect(differingColumns(columns, a, { ...a, at: new Date(a.at!.getTime() + 1), n: null })).toEqual(["at", "n"]);
  });

  it("reads SQL timestamps with and without a zone, and refuses what is not one", () => {
    expect(parseTimestamp("2026-12-03 16:30:24")!.toISOString()).toBe("2026-12-03T16:30:24.000Z");
    expect(parseTimestamp("2026-12-03T18:30:24.5+02")!.toISOString()).toBe("2026-12-03T16:30:24.500Z");
    expect(parseTimestamp("2026-12-03T16:30:24.120Z")!.toISOString()).toBe("2026-12-03T16:30:24.120Z");
    expect(parseTimestamp("yesterday")).toBeNull();
  });
});
