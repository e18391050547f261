// Absolute path of a file shipped inside an npm package. Named apart from
// `require` on purpose: Next's bundler rewrites `require.resolve(...)` into a
// module id, which is not a path. Node's resolution from this module (or from
// the bundled chunk under .next/) walks up to the project's node_modules.
import { createRequire } from "node:module";

const nodeResolver = createRequire(import.meta.url);

export function resolvePackageFile(specifier: string): string {
  return nodeResolver.resolve(/*turbopackIgnore: true*/ specifier);
}
