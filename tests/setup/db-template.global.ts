// Migrates one template SQLite file per test run; every test file gets a copy.
// Another run on the same checkout may be going on: the template is migrated
// under a name of this run's own and renamed into place (a copy never sees a
// half-made file), and only folders left by runs long gone are removed.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ROOT, TEMPLATE_DB, TMP } from "./paths";

/** A db-* folder untouched this long was left by a run that died (a live file's folder is written to constantly). */
const LEFT_OVER_MS = 6 * 3600 * 1000;

export default function setup(): void {
  fs.mkdirSync(TMP, { recursive: true });
  for (const f of fs.readdirSync(TMP)) {
    if (!/^(template|db-)/.test(f) || f === path.basename(TEMPLATE_DB)) continue;
    const stat = fs.statSync(path.join(TMP, f), { throwIfNoEntry: false });
    if (stat && Date.now() - stat.mtimeMs > LEFT_OVER_MS) fs.rmSync(path.join(TMP, f), { recursive: true, force: true });
  }
  const own = path.join(TMP, `template-${process.pid}.db`);
  fs.rmSync(own, { force: true });
  const r = spawnSync(path.join(ROOT, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: `file:${own}` },
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`migrating the template database failed:\n${r.stdout}\n${r.stderr}`);
  fs.renameSync(own, TEMPLATE_DB);
}
