// Ed25519 signatures of a release (node:crypto; no cryptography of our own) and
// the exact bytes they cover. A release's signature binds its snapshot's sha256
// to its number, site, time, the head of its site's review record and the key,
// so anyone holding the installation's public key can check a release offline.
import { createHash, createPublicKey, sign, verify, type KeyObject } from "node:crypto";
import { canonicalJson } from "../releases/release-snapshot";

export const SIGNATURE_SCHEMA = "sitewatch.release-signature/1";

/** What a release's signature covers; its canonical JSON (sorted keys, no spaces) is the signed bytes. */
export interface ReleaseSignaturePayload {
  schema: typeof SIGNATURE_SCHEMA;
  /** The installation that published it (SITEWATCH_INSTALLATION_NAME). */
  installation: string;
  site: string;
  release: number;
  /** ISO 8601 UTC. */
  publishedAt: string;
  snapshotSha256: string;
  /** The site's review record (event chain) when the release was made: its length and last link. */
  chainLength: number;
  chainHead: string;
  keyId: string;
}

export function signaturePayloadText(payload: ReleaseSignaturePayload): string {
  return canonicalJson(payload);
}

/** A key's id: the first 16 hex digits of the sha256 of its public key (SubjectPublicKeyInfo, DER). */
export function keyIdOf(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: "spki", format: "der" });
  return createHash("sha256").update(der).digest("hex").slice(0, 16);
}

/** Ed25519 signature of `bytes`, base64. */
export function signBytes(privateKey: KeyObject, bytes: string | Buffer): string {
  return sign(null, Buffer.from(bytes), privateKey).toString("base64");
}

/** Whether `signatureBase64` is `publicKeyPem`'s Ed25519 signature of `bytes` (false for anything malformed). */
export function verifyBytes(publicKeyPem: string, bytes: string | Buffer, signatureBase64: string): boolean {
  try {
    const signature = Buffer.from(signatureBase64, "base64");
    if (signature.length !== 64) return false;
    return verify(null, Buffer.from(bytes), createPublicKey(publicKeyPem), signature);
  } catch {
    return false;
  }
}

export function sha256Hex(bytes: string | Buffer | Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
