// GET /.well-known/sitewatch-keys.json — the installation's release-signing public keys (active and retired), for `sitewatch verify --keys-url` and docs/verify.md
import { config } from "@/lib/config.server";
import { publicKeys } from "@/lib/evidence/keyring.server";
import { publicDocument } from "@/lib/http/public-document.server";
import { route } from "@/lib/http/route.server";

export const GET = route("public", async (request) => {
  const keys = publicKeys().map((k) => ({ id: k.id, algorithm: k.algorithm, publicKeyPem: k.publicKeyPem, createdAt: k.createdAt, retiredAt: k.retiredAt }));
  const body = JSON.stringify({ installation: config.installationName, keys });
  return publicDocument(request, body, { pinned: false, headers: { "Content-Type": "application/json" } });
});
