import { describe, expect, it } from "vitest";
import { blobEntryName, entryKindOf, referencedBlobs, unknownMigrations } from "./backup-manifest";

const sha = (c: string) => c.repeat(64);

describe("what a backup holds", () => {
  it("a READY scene's original and COG go to the store; an upload waiting for conversion to the staging area", () => {
    const refs = referencedBlobs([
      { id: "s1", sha256: sha("a"), cogSha256: sha("b"), status: "READY" },
      { id: "s2", sha256: sha("c"), cogSha256: null, status: "PROCESSING" },
      { id: "s3", sha256: sha("d"), cogSha256: null, status: "READY" },
    ]);
    expect(refs.map((r) => [r.sha256[0], r.place, r.required])).toEqual([
      ["a", "store", true],
      ["b", "store", true],
      ["d", "store", true],
      ["c", "staging", false],
    ]);
  });

  it("lists a file shared by several scenes once, in the store when a READY scene uses it", () => {
    const refs = referencedBlobs([
      { id: "s1", sha256: sha("a"), cogSha256: null, status: "FAILED" },
      { id: "s2", sha256: sha("a"), cogSha256: null, status: "READY" },
      { id: "s3", sha256: sha("e"), cogSha256: sha("a"), status: "READY" },
    ]);
    expect(refs.filter((r) => r.sha256 === sha("a"))).toEqual([{ sha256: sha("a"), place: "store", sceneId: "s2", required: true }]);
  });

  it("names entries as the store does, and recognises no other name", () => {
    expect(blobEntryName({ sha256: sha("a"), place: "store" })).toBe(`store/aa/${sha("a")}`);
    expect(blobEntryName({ sha256: sha("a"), place: "staging" })).toBe(`store/.staging/${sha("a")}.tif`);
    for (const place of ["store", "staging"] as const) expect(entryKindOf(blobEntryName({ sha256: sha("f"), place }))).toEqual({ kind: "blob", sha256: sha("f"), place });
    expect(entryKindOf("sitewatch.db")).toEqual({ kind: "database" });
    expect(entryKindOf("sitewatch-backup.json")).toEqual({ kind: "manifest" });
    for (const name of [`store/ab/${sha("c")}`, "../etc/passwd", `store/aa/${sha("a")}/x`, `/store/aa/${sha("a")}`, "store/.tmp/x.part"]) expect(entryKindOf(name)).toBeNull();
  });

  it("names migrations a backup has that this code does not", () => {
    expect(unknownMigrations({ archived: ["1_init", "2_more", "3_future"], known: ["1_init", "2_more"] })).toEqual(["3_future"]);
  });
});
