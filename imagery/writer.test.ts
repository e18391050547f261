import fs from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { IMAGERY_WRITER } from "./writer";

it("names the version of the package that wrote a derived file", () => {
  const pkg = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, "../package.json"), "utf8")) as { version: string };
  expect(IMAGERY_WRITER.version).toBe(pkg.version);
});
