// Builds the Next.js app when there is no build or a source file is newer than
// it. Shared by `npm run demo` and the e2e test setup.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const SOURCE_DIRS = ["app", "components", "lib", "imagery", "prisma"];
const SOURCE_FILES = ["package.json", "next.config.js", "tsconfig.json"];

function newestMtime(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

export function isBuildStale(root: string): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) return true;
  const built = fs.statSync(buildId).mtimeMs;
  const newest = Math.max(...SOURCE_DIRS.map((d) => newestMtime(path.join(root, d))), ...SOURCE_FILES.map((f) => fs.statSync(path.join(root, f)).mtimeMs));
  return newest > built;
}

/** Returns true if it built. Throws if the build fails. */
export function buildIfStale(root: string, options: { force?: boolean; quiet?: boolean } = {}): boolean {
  if (!options.force && !isBuildStale(root)) return false;
  const r = spawnSync(path.join(root, "node_modules", ".bin", "next"), ["build"], {
    cwd: root,
    stdio: options.quiet ? "pipe" : "inherit",
    encoding: "utf8",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (r.status !== 0) throw new Error(`next build failed (exit ${r.status})\n${r.stdout ?? ""}\n${r.stderr ?? ""}`);
  return true;
}
