// ESLint 9 flat config: Next.js (React, hooks, @next/next, import, jsx-a11y), typescript-eslint without type information
// (it would make every run parse the whole program; tsc --noEmit already checks types), Prettier last so no style rule
// fights the formatter, and Sitewatch's layer boundaries as a local plugin. Decision record: docs/decisions/0008-lint-and-format.md.
import path from "node:path";
import { defineConfig, globalIgnores } from "eslint/config";
import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import prettier from "eslint-config-prettier/flat";
import eslintComments from "@eslint-community/eslint-plugin-eslint-comments";

const root = import.meta.dirname;

/** The repository-relative posix path of the file being linted ("lib/x/y.ts"), or null when it is outside the repository. */
function fileOf(context) {
  const rel = path.relative(root, context.physicalFilename ?? context.filename);
  return rel.startsWith("..") || path.isAbsolute(rel) ? null : rel.split(path.sep).join("/");
}

/**
 * Where an import points: { repo: "lib/x/y" } for "@/lib/x/y" and relative specifiers (resolved against the importing file),
 * { pkg: "react" } for a bare specifier ("react-dom/client" → pkg "react-dom"), null when it cannot be known.
 */
function targetOf(specifier, file) {
  if (typeof specifier !== "string") return null;
  if (specifier.startsWith("@/")) return { repo: path.posix.normalize(specifier.slice(2)) };
  if (specifier.startsWith(".")) return { repo: path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)) };
  if (specifier.startsWith("node:") || specifier.startsWith("/")) return null;
  const parts = specifier.split("/");
  return { pkg: specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0] };
}

const under = (p, dir) => p === dir || p.startsWith(`${dir}/`);
const isServerModule = (repoPath) => /\.server(\.(ts|tsx|mts|js|mjs))?$/.test(repoPath);

/** Calls check(node, specifier) for every way a module can name another: import (type or not), export … from, import(), import("…").T. */
function eachImport(check) {
  const literal = (n) => (n && n.type === "Literal" ? n.value : n && n.type === "TSLiteralType" ? n.literal?.value : undefined);
  return {
    ImportDeclaration: (node) => check(node, node.source.value),
    ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
    ExportAllDeclaration: (node) => check(node, node.source.value),
    ImportExpression: (node) => check(node, literal(node.source)),
    TSImportType: (node) => check(node, literal(node.source ?? node.argument)),
  };
}

/** True when the file's directive prologue (the string statements before any other) holds "use client". */
function isClientModule(program) {
  for (const statement of program.body) {
    if (statement.type !== "ExpressionStatement" || statement.expression.type !== "Literal" || typeof statement.expression.value !== "string") return false;
    if ((statement.directive ?? statement.expression.value) === "use client") return true;
  }
  return false;
}

const FRAMEWORK_PACKAGES = new Set(["next", "react", "react-dom", "@prisma/client", "@prisma/adapter-better-sqlite3", "prisma"]);

const sitewatch = {
  meta: { name: "sitewatch" },
  rules: {
    "import-boundaries": {
      meta: {
        type: "problem",
        docs: {
          description:
            "lib/ and imagery/ import nothing from app/ or components/; imagery/ imports nothing from lib/, Next.js, React or Prisma; app/ does not import the database client",
        },
        schema: [],
        messages: {
          upward: "{{layer}}/ must not import from {{target}}/ ('{{specifier}}'): the domain and the engine do not depend on the UI. Move the type or function down into lib/.",
          imageryToLib: "imagery/ must not import from lib/ ('{{specifier}}'): the raster engine is used by the CLI, the server and tests without the domain.",
          imageryFramework: "imagery/ must not import '{{specifier}}': the raster engine has no Next.js, React or Prisma dependency.",
          appToDb: "app/ must not import the database client ('{{specifier}}'): a page or route calls a lib/ function, which holds the query.",
        },
      },
      create(context) {
        const file = fileOf(context);
        if (file && under(file, "app")) {
          return eachImport((node, specifier) => {
            const target = targetOf(specifier, file);
            if (target?.repo && /^lib\/db\.server(\.ts)?$/.test(target.repo)) context.report({ node, messageId: "appToDb", data: { specifier } });
          });
        }
        const layer = file && ["lib", "imagery"].find((dir) => under(file, dir));
        if (!layer) return {};
        const isTest = /\.test\.tsx?$/.test(file);
        return eachImport((node, specifier) => {
          const target = targetOf(specifier, file);
          if (!target) return;
          if (target.repo) {
            const up = ["app", "components"].find((dir) => under(target.repo, dir));
            if (up) context.report({ node, messageId: "upward", data: { layer, target: up, specifier } });
            // A test of the engine may check its output against the domain's rules (detected outlines pass the drawing rules).
            else if (layer === "imagery" && under(target.repo, "lib") && !isTest) context.report({ node, messageId: "imageryToLib", data: { specifier } });
          } else if (layer === "imagery" && FRAMEWORK_PACKAGES.has(target.pkg)) {
            context.report({ node, messageId: "imageryFramework", data: { specifier } });
          }
        });
      },
    },
    "no-server-import-in-client": {
      meta: {
        type: "problem",
        docs: { description: 'A "use client" module, and any module under components/, imports no *.server module, not even its types' },
        schema: [],
        messages: {
          client: "A \"use client\" module must not import '{{specifier}}', a server module (types included): import the pure rules/views module of the feature instead.",
          component: "components/ must not import '{{specifier}}', a server module (types included): pass data in as props typed by the feature's pure views module.",
        },
      },
      create(context) {
        const file = fileOf(context);
        if (!file) return {};
        let messageId = under(file, "components") ? "component" : null;
        const visitors = eachImport((node, specifier) => {
          const target = targetOf(specifier, file);
          if (messageId && target?.repo && isServerModule(target.repo)) context.report({ node, messageId, data: { specifier } });
        });
        // Program is visited before any import, so the directive is known when the imports are checked.
        return { Program: (program) => void (isClientModule(program) && (messageId = "client")), ...visitors };
      },
    },
  },
};

export default defineConfig([
  globalIgnores([".next/**", "data/**", "tests/.tmp/**", ".bench/**", "tests/fixtures/**", "prisma/migrations/**", "next-env.d.ts"]),
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    linterOptions: { reportUnusedDisableDirectives: "error" },
    settings: { react: { version: "19.3" } },
  },
  {
    name: "sitewatch/rules",
    plugins: { sitewatch, "@eslint-community/eslint-comments": eslintComments },
    rules: {
      // Every eslint-disable names its rule and says why after "--".
      "@eslint-community/eslint-comments/require-description": ["error", { ignore: [] }],
      "@eslint-community/eslint-comments/no-unlimited-disable": "error",
      "sitewatch/import-boundaries": "error",
      "sitewatch/no-server-import-in-client": "error",
      // Unused code is an error, not a warning; a leading underscore marks a parameter kept for its position (uPlot's value(u, v)).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true }],
      // Catches `expect(x).toBeTruthy;` and `a === b;`. Sequences like `(sum += a), n++` are written as blocks instead.
      "@typescript-eslint/no-unused-expressions": "error",
      "react-hooks/exhaustive-deps": "error",
      // Off: the OpenLayers adapters (components/map) and the map-holding workspace panels keep the latest props and lazily made
      // OpenLayers objects in refs, read by imperative map callbacks; that is the documented escape hatch, and the app does not run
      // the React Compiler, whose memoisation is what this rule protects.
      "react-hooks/refs": "off",
      // Off: it flags the workspace panels' load-on-change effects (clear the old data, then fetch) and the "act when the refreshed
      // list arrives" effect; both work, and replacing them needs a data-loading layer, not a lint fix.
      "react-hooks/set-state-in-effect": "off",
    },
  },
  prettier,
]);
