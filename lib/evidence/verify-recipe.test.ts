import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { VERIFY_SCRIPT } from "./verify-recipe";

describe("the standard-tools recipe", () => {
  it("is in docs/verify.md word for word (the script every archive's README carries, run on real archives in tests/db/evidence.test.ts)", () => {
    const doc = fs.readFileSync(path.resolve(import.meta.dirname, "../../docs/verify.md"), "utf8");
    expect(doc).toContain("```sh\n" + VERIFY_SCRIPT + "```");
  });
});
