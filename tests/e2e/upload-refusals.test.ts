// POST /api/sites/:id/scenes with each hostile file: 422 (or 413) with a
// message naming the file, and no file and no row left behind.
import fs from "node:fs";
import path from "node:path";
import { inject, describe, expect, it } from "vitest";
import { IMAGERY } from "../setup/paths";
import { baseUrl, DEMO_PASSWORD, queryDb } from "./helpers";

function storedFiles(): string[] {
  const store = path.join(path.dirname(inject("e2eDatabase")), "store");
  return fs.readdirSync(store, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name).sort();
}

describe("scene upload over HTTP", () => {
  it("refuses every hostile file with its reason and leaves nothing behind", async () => {
    const login = await fetch(`${baseUrl()}/api/auth/login`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email: "analyst@example.org", password: DEMO_PASSWORD }) });
    const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
    const [site] = queryDb<{ id: string }>("select id from Site where slug = 'olinda'");
    for (const file of fs.readdirSync(path.join(IMAGERY, "bad"))) {
      const before = { files: storedFiles(), rows: queryDb("select id from Scene").length };
      const form = new FormData();
      form.append("acquiredAt", "2010-01-01");
      form.append("license", "proprietary");
      form.append("attribution", "test");
      form.append("file", new Blob([fs.readFileSync(path.join(IMAGERY, "bad", file))]), file);
      const r = await fetch(`${baseUrl()}/api/sites/${site!.id}/scenes`, { method: "POST", headers: { cookie }, body: form });
      expect([422, 413], file).toContain(r.status);
      const body = await r.json();
      expect(body.error.message).toContain(file);
      expect(storedFiles(), file).toEqual(before.files);
      expect(queryDb("select id from Scene").length, file).toBe(before.rows);
    }
  });
});
