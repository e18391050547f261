// Finds the App Router route handlers on disk: every route.ts under app/, its
// path as the folder (dynamic segments in brackets, route groups dropped), the
// HTTP methods it exports and the need each names in `route(need, …)`.
import fs from "node:fs";
import path from "node:path";

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

export interface RouteHandlerFile {
  /** e.g. "/api/sites/[id]/annotations" */
  path: string;
  method: string;
  /** The first argument of `route(…)`, or null when the export does not go through the helper. */
  need: string | null;
  /** Relative to the repository root. */
  file: string;
}

const METHOD = HTTP_METHODS.join("|");
/** `export const GET = …` (a type annotation allowed) or `export (async) function GET`. */
const EXPORT = new RegExp(`export\\s+(?:(?:const|let|var)\\s+(${METHOD})\\b\\s*(?::[^=\\n]*)?(?=\\s*=\\s*([\\s\\S]{0,300}))|(?:async\\s+)?function\\s+(${METHOD})\\b)`, "g");
/** `export { handler as GET }` and `export * from …`: handlers whose need this check cannot read, so they are reported. */
const EXPORT_LIST = /export\s*(?:type\s*)?\{([^}]*)\}/g;
const EXPORT_ALL = /export\s*\*/;
const NEED = /^route(?:<.*?>)?\(\s*"([^"]+)"/;
const ALIAS = new RegExp(`^(${HTTP_METHODS.join("|")})\\s*;`);

export function findRouteHandlers(root: string): RouteHandlerFile[] {
  const appDir = path.join(root, "app");
  const files = fs
    .readdirSync(appDir, { recursive: true, encoding: "utf8" })
    .filter((f) => /^route\.(ts|tsx|js|jsx|mjs)$/.test(path.basename(f)))
    .sort();
  const found: RouteHandlerFile[] = [];
  for (const rel of files) {
    const segments = path
      .dirname(rel)
      .split(path.sep)
      .filter((s) => s !== "." && !/^\(.*\)$/.test(s));
    const routePath = "/" + segments.join("/");
    const text = fs.readFileSync(path.join(appDir, rel), "utf8");
    const needs = new Map<string, string | null>();
    for (const m of text.matchAll(EXPORT)) {
      const method = m[1] ?? m[3]!;
      const rhs = m[2]?.trim() ?? "";
      const alias = ALIAS.exec(rhs)?.[1];
      needs.set(method, alias ? (needs.get(alias) ?? null) : (NEED.exec(rhs)?.[1] ?? null));
    }
    for (const m of text.matchAll(EXPORT_LIST)) {
      for (const name of m[1]!.split(",")) {
        const exported = name
          .trim()
          .split(/\s+as\s+/)
          .at(-1)!;
        if ((HTTP_METHODS as readonly string[]).includes(exported)) needs.set(exported, null);
      }
    }
    if (EXPORT_ALL.test(text)) needs.set("export *", null);
    for (const [method, need] of needs) found.push({ path: routePath, method, need, file: path.join("app", rel) });
  }
  return found;
}

/**
 * Every way the handlers on disk and a rules list disagree, one sentence each
 * naming the route: a handler without a rule, a rule without a handler, a
 * handler that does not name its need through `route(need, …)`, or names
 * another need than the list.
 */
export function diffRoutesAndRules(handlers: RouteHandlerFile[], rules: { path: string; method: string; need: string }[]): string[] {
  const problems: string[] = [];
  const key = (r: { path: string; method: string }) => `${r.method} ${r.path}`;
  const listed = new Map(rules.map((r) => [key(r), r]));
  const onDisk = new Map(handlers.map((h) => [key(h), h]));
  for (const h of handlers) {
    const rule = listed.get(key(h));
    if (!rule) problems.push(`${key(h)} (${h.file}) has no rule in lib/http/route-rules.ts`);
    else if (h.need === null) problems.push(`${key(h)} (${h.file}) does not name its need through route(need, …)`);
    else if (h.need !== rule.need) problems.push(`${key(h)} (${h.file}) names "${h.need}" but lib/http/route-rules.ts says "${rule.need}"`);
  }
  for (const r of rules) if (!onDisk.has(key(r))) problems.push(`${key(r)} is in lib/http/route-rules.ts but no route.ts exports it`);
  return problems;
}
