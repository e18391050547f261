#!/usr/bin/env node
// Prints every public document of the installation DATABASE_URL and
// SITEWATCH_DATA_DIR name, as one JSON object of path → body, from a fresh
// process (no cache carried over). The backup tests compare an installation
// with its restored copy through it.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
register({ tsconfig: path.join(root, "tsconfig.json") });
await import(path.join(root, "tests", "support", "public-documents-main.ts"));
