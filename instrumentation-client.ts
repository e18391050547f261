// Runs in the browser before the application's own code (Next.js instrumentation-client).
// zod must not compile parsers with `new Function` there: the pages' Content-Security-Policy
// (lib/http/page-csp.ts) forbids eval, and even zod's probe for it is reported as a violation.
// Set before any schema is defined, since zod decides when a schema is made.
import { z } from "zod";

z.config({ jitless: true });
