// Migrates one template SQLite file per test run; every test file gets a copy.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ROOT, TEMPLATE_DB, TMP } from "./paths";

export default function setup(): void {
  fs.mkdirSync(TMP, { recursive: true });
  for (const f of fs.readdirSync(TMP)) if (/^(template|db-)/.test(f)) fs.rmSync(path.join(TMP, f), { recursive: true, force: true });
  const r = spawnSync(path.join(ROOT, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: `file:${TEMPLATE_DB}` },
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`migrating the template database failed:\n${r.stdout}\n${r.stderr}`);
}
