// Serving a stored file with HTTP Range (RFC 9110): 206 with Content-Range and
// Content-Length for a satisfiable range, 416 otherwise, ETag from its sha256
// (content-addressed, so a match means the same bytes), HEAD without a body.
import { Readable } from "node:stream";
import { getBlobStore } from "../storage/blob-store.server";
import { parseRange } from "./range";

/** Next.js drops Content-Length on route-handler bodies; server.mjs restores it from this header. */
const LENGTH_HEADER = "X-Sitewatch-Content-Length";

function lengthHeaders(length: number) {
  return { "Content-Length": String(length), [LENGTH_HEADER]: String(length) };
}

/** The stored blob `sha256` as the response to `request`, with `contentType`; `downloadName` makes it an attachment of that (sanitised) file name. */
export async function serveBlob({
  request,
  sha256,
  contentType,
  downloadName,
}: {
  request: Request;
  sha256: string;
  contentType: string;
  downloadName?: string;
}): Promise<Response> {
  const store = getBlobStore();
  const size = await store.size(sha256);
  const etag = `"${sha256}"`;
  const common: Record<string, string> = {
    "Accept-Ranges": "bytes",
    ETag: etag,
    "Content-Type": contentType,
    // Signed-in content: the browser may keep it, shared caches may not.
    "Cache-Control": "private, max-age=3600",
  };
  if (downloadName) common["Content-Disposition"] = `attachment; filename="${downloadName.replace(/[^\w.\-]+/g, "_")}"`;
  if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers: common });
  const range = parseRange({ header: request.headers.get("range"), size });
  if (range === "unsatisfiable") return new Response(null, { status: 416, headers: { ...common, "Content-Range": `bytes */${size}` } });
  const [start, end] = range ?? [0, size - 1];
  const withBody = request.method !== "HEAD" && size > 0;
  const body = withBody ? (Readable.toWeb(await store.openRead({ sha256, start, end })) as ReadableStream) : null;
  return new Response(body, {
    status: range ? 206 : 200,
    headers: { ...common, ...lengthHeaders(end - start + 1), ...(range ? { "Content-Range": `bytes ${start}-${end}/${size}` } : {}) },
  });
}
