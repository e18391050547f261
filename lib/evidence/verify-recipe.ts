// How to check a release archive with standard tools only (sh, unzip,
// sha256sum, openssl 3): the script that every archive's README carries and
// docs/verify.md shows (a test runs it on a real archive, and another checks
// that docs/verify.md carries it word for word). Pure.
import type { ReleaseSignaturePayload } from "./signing";

export const VERIFY_SCRIPT = `#!/bin/sh
# Usage: sh verify.sh ARCHIVE.zip KEY.pem   (KEY.pem: the publisher's public key, from
# https://<their server>/.well-known/sitewatch-keys.json or another copy you trust)
set -eu
fail() { echo "INVALID: $1"; exit 1; }
archive=$(realpath "$1"); key=$(realpath "$2")
dir=$(mktemp -d); cd "$dir"; unzip -q "$archive"
# 1. The manifest is signed by the publisher's key.
openssl pkeyutl -verify -pubin -inkey "$key" -rawin -in manifest.json -sigfile manifest.sig >/dev/null || fail "manifest.sig"
# 2. Every file is the one the manifest lists, and there is no other.
sed -nE 's/^ *\\{"sha256": "([0-9a-f]{64})", "bytes": [0-9]+, "path": "(.*)"\\},?$/\\1  \\2/p' manifest.json > "$dir.sums"
sha256sum --quiet -c "$dir.sums" || fail "a file differs from the manifest"
[ "$(find . -type f | wc -l)" -eq "$(( $(wc -l < "$dir.sums") + 2 ))" ] || fail "a file is not in the manifest"
# 3. The release was signed when it was published, and this is the snapshot it signed.
openssl pkeyutl -verify -pubin -inkey "$key" -rawin -in release-signature.json -sigfile release-signature.sig >/dev/null || fail "release-signature.sig"
grep -q "\\"snapshotSha256\\":\\"$(sha256sum snapshot.json | cut -d' ' -f1)\\"" release-signature.json || fail "snapshot.json is not the signed snapshot"
# 4. The review record links, event after event, up to the head the release fixed.
site=$(sed -n 's/^site //p' chain.txt)
head=$(printf 'sitewatch.chain/1 genesis\\n%s\\n%s' "$site" "$(sed -n 's/^earlier //p' chain.txt)" | sha256sum | cut -d' ' -f1)
links=0
while read -r kind seq prev content hash; do
  [ "$kind" = link ] || continue
  [ "$seq" = "$((links + 1))" ] || fail "link $((links + 1)) of the review record is missing or out of order"
  [ "$prev" = "$head" ] || fail "the review record is broken at link $seq"
  head=$(printf 'sitewatch.chain/1\\n%s\\n%s\\n%s\\n%s' "$site" "$seq" "$prev" "$content" | sha256sum | cut -d' ' -f1)
  [ "$head" = "$hash" ] || fail "link $seq of the review record was altered"
  links=$((links + 1))
done < chain.txt
grep -q "\\"chainHead\\":\\"$head\\",\\"chainLength\\":$links," release-signature.json || fail "the review record is not the one the release fixed"
echo "VALID: every file, both signatures, the snapshot and $links linked review events"
`;

/** The archive's README.txt: what it is, who signed it with which keys, and how to check it. */
export function verifyRecipe(args: {
  slug: string;
  number: number;
  origin: string;
  payload: ReleaseSignaturePayload;
  manifestKeyId: string;
  keys: { id: string; publicKeyPem: string; createdAt: string; retiredAt: string | null }[];
}): string {
  const p = args.payload;
  return `Sitewatch release archive: ${args.slug}, release ${args.number}
Published ${p.publishedAt} by ${p.installation}; ${args.origin}/sites/${args.slug}/releases/${args.number}

snapshot.json            the release exactly as published (sha256 ${p.snapshotSha256})
release-signature.json   what was signed at publication (site, release, time, snapshot sha256, review record head, key)
release-signature.sig    its Ed25519 signature (64 raw bytes), key ${p.keyId}
changes.geojson/.csv     the published changes (EPSG:4326), stac/ the STAC catalog, changelog.json, methodology.md
chips/, chips.json       image chips of each claim (its outline over the before and after image), with each one's licence
scenes.json              the imagery: public metadata, sha256 of each original as uploaded and of the COG derived from it
events.json, chain.txt   the site's review record up to the release, as a hash chain
keys.json, keys/         the installation's public keys (check them against a copy you trust, not only this one)
manifest.json            the sha256 of every file; manifest.sig its signature by key ${args.manifestKeyId}

Public keys of ${p.installation}:
${args.keys.map((k) => `key ${k.id} (from ${k.createdAt}${k.retiredAt ? `, retired ${k.retiredAt}` : ""})\n${k.publicKeyPem.trim()}`).join("\n")}

Check it with Sitewatch: sitewatch verify ${args.slug}-release-${args.number}.zip --keys-url ${args.origin}/.well-known/sitewatch-keys.json
Or with standard tools only (sh, unzip, sha256sum, OpenSSL 3), save this as verify.sh and run
sh verify.sh ${args.slug}-release-${args.number}.zip KEY.pem:

${VERIFY_SCRIPT}`;
}
