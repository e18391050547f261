// /about/verify — how anyone checks a release without trusting this server: the archive, `sitewatch verify`, and the same with standard tools (lib/evidence/verify-recipe.ts)
import type { Metadata } from "next";
import Link from "next/link";
import { VERIFY_SCRIPT } from "@/lib/evidence/verify-recipe";

export const metadata: Metadata = {
  title: "How to verify a release",
  description: "Every published release is signed: check its archive offline with Sitewatch or with sha256sum and OpenSSL alone.",
};

export default function VerifyPage() {
  return (
    <main className="prose">
      <h1>How to verify a release</h1>
      <p>
        Every release is signed when it is published, with this installation&apos;s Ed25519 key. The signature covers the sha256 of the release&apos;s snapshot, its number, site
        and time, and the head of the site&apos;s review record: a hash chain of every review event (drawn, submitted, approved, published, corrected), so the history behind a
        release cannot be changed afterwards without it showing.
      </p>
      <h2>1. Take the archive and the key</h2>
      <p>
        Each release page links to its archive (<code>/sites/SLUG/releases/N/archive.zip</code>): the snapshot, the data, the STAC catalog, the imagery&apos;s hashes, the review
        record and a signed manifest of every file. The public keys are at <a href="/.well-known/sitewatch-keys.json">/.well-known/sitewatch-keys.json</a>; keep a copy from a
        source you trust (an archive&apos;s own keys show that it is whole, not who made it).
      </p>
      <h2>2. Check it with Sitewatch</h2>
      <pre>
        <code>sitewatch verify olinda-release-1.zip --keys-url https://THIS-SERVER/.well-known/sitewatch-keys.json</code>
      </pre>
      <p>It prints what it checked and VALID (exit 0), or INVALID and the first problem (exit 1). It needs no database.</p>
      <h2>3. Or with standard tools only</h2>
      <p>
        Save the public key as <code>key.pem</code> and this script as <code>verify.sh</code>, then run <code>sh verify.sh ARCHIVE.zip key.pem</code> (sh, unzip, sha256sum, OpenSSL
        3):
      </p>
      <pre>
        <code>{VERIFY_SCRIPT}</code>
      </pre>
      <p>
        <Link href="/about">How to read Sitewatch</Link>
      </p>
    </main>
  );
}
