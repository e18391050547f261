// `sitewatch ingest --acquired`: a date that does not exist is refused with one
// line naming the flag (exit 2) before the file is read, and nothing is stored;
// a real date still works.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db.server";
import { createSite } from "@/lib/sites/create-site.server";
import { buildSite, createUser } from "../factories";
import { IMAGERY, ROOT } from "../setup/paths";

function sitewatch(args: string[]) {
  const r = spawnSync(process.execPath, [path.join(ROOT, "bin", "sitewatch.mjs"), ...args], { cwd: ROOT, env: process.env, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let slug: string;
beforeAll(async () => {
  const admin = await createUser("ADMIN");
  slug = (await createSite({ actor: admin, input: buildSite() })).slug;
});

describe("sitewatch ingest --acquired", () => {
  it.each([
    ["2024-02-30", "sitewatch: --acquired: 2024-02-30 is not a real date (February 2024 has 29 days)\n"],
    ["2023-02-29T10:00:00Z", "sitewatch: --acquired: 2023-02-29 is not a real date (February 2023 has 28 days)\n"],
    ["2024-05-31T25:00:00Z", "sitewatch: --acquired: 2024-05-31T25:00:00Z is not a real time of day (hours 00–23, minutes and seconds 00–59)\n"],
  ])("refuses %s with one line, exit 2, nothing stored", async (acquired, line) => {
    const r = sitewatch(["ingest", path.join(IMAGERY, "L7_ETMs.tif"), "--site", slug, "--acquired", acquired]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(line);
    expect(await db.scene.count()).toBe(0);
  });

  it("takes a real date as that day", async () => {
    const r = sitewatch(["ingest", path.join(IMAGERY, "L7_ETMs.tif"), "--site", slug, "--acquired", "2024-02-29"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const { id } = JSON.parse(r.stdout) as { id: string };
    expect((await db.scene.findUniqueOrThrow({ where: { id } })).acquiredAt.toISOString()).toBe("2024-02-29T00:00:00.000Z");
  });
});
