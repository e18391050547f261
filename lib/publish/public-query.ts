// Query parameters and response headers shared by the public download routes.
import { z } from "zod";
import type { ReleaseSnapshot } from "../releases/release-snapshot";

const ReleaseParam = z.object({
  release: z.coerce.number({ message: "release must be a release number" }).int("release must be a whole number").positive("release numbers start at 1").optional(),
});

/** `?release=n`, or undefined for the latest. */
export function releaseQuery(request: Request): number | undefined {
  return ReleaseParam.parse({ release: new URL(request.url).searchParams.get("release") ?? undefined }).release;
}

/** A file name that says which site and release it holds (caching: lib/http/public-document.server.ts). */
export function downloadHeaders({ snapshot, ext, contentType }: { snapshot: ReleaseSnapshot; ext: string; contentType: string }): Record<string, string> {
  return {
    "Content-Type": contentType,
    "Content-Disposition": `attachment; filename="${snapshot.site.slug}-release-${snapshot.release.number}-changes.${ext}"`,
    "X-Sitewatch-Release": String(snapshot.release.number),
  };
}
