// GET /sites/:slug/releases/:n/archive.zip — the signed, verifiable archive of a published release (lib/evidence, docs/verify.md)
import { z } from "zod";
import { DomainError } from "@/lib/errors";
import { exportReleaseArchive } from "@/lib/evidence/export-release-archive.server";
import { strongEtag } from "@/lib/http/public-document.server";
import { CACHE_LATEST_DOCUMENT, etagMatches } from "@/lib/http/cache-control";
import { publicOrigin, route } from "@/lib/http/route.server";

export const GET = route<{ params: Promise<{ slug: string; n: string }> }>("public", async (request, { params }) => {
  const { slug, n } = await params;
  const number = z.coerce.number().int().positive().safeParse(n);
  if (!number.success) throw new DomainError("not_found", `no release "${n}" of "${slug}"`);
  const archive = await exportReleaseArchive({ slug, number: number.data, origin: publicOrigin(request) });
  // Not immutable: the manifest is signed with the installation's current key, which rotation changes.
  const cache = { ETag: strongEtag(archive.bytes), "Cache-Control": CACHE_LATEST_DOCUMENT };
  if (etagMatches(request.headers.get("if-none-match"), cache.ETag)) return new Response(null, { status: 304, headers: cache });
  return new Response(Buffer.from(archive.bytes), {
    headers: {
      ...cache,
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${archive.fileName}"`,
      "x-sitewatch-content-length": String(archive.bytes.length),
    },
  });
});
