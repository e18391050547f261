// How zod is configured in the browser (instrumentation-client.ts): no parsers compiled with `new Function`,
// which the pages' Content-Security-Policy forbids.
export const ZOD_BROWSER_CONFIG = { jitless: true } as const;
