// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and Node-only packages stay outside the server bundle.
  serverExternalPackages: ["@node-rs/argon2", "better-sqlite3", "@prisma/client", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "pg", "pg-boss", "busboy", "epsg-index"],
  poweredByHeader: false,
  // Response headers by URL class, in one place (issue 17).
  async headers() {
    const embed = { type: "query", key: "embed", value: "1" };
    // Public data that other sites' maps and notebooks may read: it carries no per-reader content.
    const cors = [
      { key: "Access-Control-Allow-Origin", value: "*" },
      { key: "Access-Control-Expose-Headers", value: "ETag, Content-Disposition, Content-Length, X-Sitewatch-Release" },
    ];
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()" },
        ],
      },
      // Pages may be framed by other sites only as embeds (?embed=1); nothing else may be framed at all.
      {
        source: "/:path*",
        missing: [embed],
        headers: [
          { key: "Content-Security-Policy", value: "frame-ancestors 'none'" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
      { source: "/:path*", has: [embed], headers: [{ key: "Content-Security-Policy", value: "frame-ancestors *" }] },
      // HTTPS only (the scheme server.mjs saw, or a trusted proxy's): a year, so a reader's browser never tries plain HTTP again.
      {
        source: "/:path*",
        has: [{ type: "header", key: "x-sitewatch-client-proto", value: "https" }],
        headers: [{ key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" }],
      },
      { source: "/api/public/sites", headers: cors },
      { source: "/api/public/sites/:path*", headers: cors },
      { source: "/tiles/:path*", headers: cors },
      { source: "/.well-known/sitewatch-keys.json", headers: cors },
      { source: "/sites/:slug/releases/:n/archive.zip", headers: cors },
      { source: "/ogc", headers: cors },
      { source: "/ogc/:path*", headers: cors },
    ];
  },
};

export default nextConfig;
