#!/usr/bin/env node
// Prints the OGC documents of a made-up installation (tests/support/ogc-fixture.ts)
// on the database DATABASE_URL names (migrated, empty), from a process of its
// own: tests/db/ogc-both-databases.test.ts compares them with the other database's.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
register({ tsconfig: path.join(root, "tsconfig.json") });
await import(path.join(root, "tests", "support", "ogc-documents-process-main.ts"));
