// Runs in the browser before the application's own code (Next.js instrumentation-client).
// zod must not compile parsers with `new Function` there: the pages' Content-Security-Policy
// (lib/http/page-csp.ts) forbids eval, and even zod's probe for it is reported as a violation.
// zod keeps its configuration on globalThis and reads it when a schema is made, so setting it
// here, before any schema, is enough, without loading zod into pages that never use it
// (lib/zod-browser-config.test.ts checks that zod still reads it from there).
import { ZOD_BROWSER_CONFIG } from "./lib/zod-browser-config";

const holder = globalThis as { __zod_globalConfig?: Record<string, unknown> };
holder.__zod_globalConfig = { ...holder.__zod_globalConfig, ...ZOD_BROWSER_CONFIG };
