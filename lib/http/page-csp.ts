// The Content-Security-Policy of an HTML page, from the page itself: scripts
// only from this origin, and inline scripts only those the page was sent with
// (each by its sha256), so an injected script runs nowhere. Hashes rather than
// nonces: a page sent to a million readers from a cache is the same bytes for
// all of them, and so is its policy. Pure; server.mjs applies it to every page.
import { createHash } from "node:crypto";

/** Every inline script of an HTML document (a <script> without src), as the browser hashes it. */
export function inlineScripts(html: string): string[] {
  const found: string[] = [];
  const tag = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
  for (let m = tag.exec(html); m; m = tag.exec(html)) {
    if (/\ssrc\s*=/i.test(` ${m[1]}`)) continue;
    found.push(m[2]!);
  }
  return found;
}

export function scriptHash(source: string): string {
  return `'sha256-${createHash("sha256").update(source, "utf8").digest("base64")}'`;
}

/**
 * The policy for a page. `frameAncestors` is the directive's value the framing
 * rule (next.config.js) chose for this URL: `'none'`, or `*` for an embed.
 * Images (basemap tiles, imagery previews) may come from any HTTPS host;
 * OpenLayers starts its GeoTIFF decoding workers from data: and blob: URLs.
 */
export function pageCsp(html: string, frameAncestors: string): string {
  const hashes = [...new Set(inlineScripts(html).map(scriptHash))];
  return [
    "default-src 'self'",
    `script-src 'self' ${hashes.join(" ")}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    "connect-src 'self' data: blob: https:",
    "worker-src 'self' blob: data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join("; ");
}

/** The frame-ancestors value of a Content-Security-Policy header (the framing rule's), `'none'` when it has none. */
export function frameAncestorsOf(csp: string | undefined): string {
  const directive = (csp ?? "")
    .split(";")
    .map((d) => d.trim())
    .find((d) => d.toLowerCase().startsWith("frame-ancestors "));
  return directive ? directive.slice("frame-ancestors ".length).trim() : "'none'";
}
