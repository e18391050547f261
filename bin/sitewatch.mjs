#!/usr/bin/env node
// The `sitewatch` command. The CLI is TypeScript run through tsx, with the
// project's tsconfig so that "@/..." imports resolve from any directory.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
register({ tsconfig: path.join(root, "tsconfig.json") });
await import(path.join(root, "cli", "main.ts"));
