#!/usr/bin/env node
// A real worker (runWorker, the same loop as `sitewatch worker`) that also
// knows a "probe" job kind: it appends "<jobId> <pid>" to $PROBE_LOG and
// sleeps `sleepMs`. For the queue tests: who ran which job, and how often.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
register({ tsconfig: path.join(root, "tsconfig.json") });
await import(path.join(root, "tests", "support", "probe-worker-main.ts"));
