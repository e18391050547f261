// RFC 3161 trusted timestamps of a release's signature: the request a time-
// stamping authority (TSA) takes, and the checks on its reply that need no
// certificates (granted, and about our digest). The reply itself — a CMS
// signature by the TSA — is kept whole and checked with `openssl ts -verify`
// against the TSA's certificate (docs/verify.md). DER encoding only; the
// cryptography is the TSA's and OpenSSL's. Pure.
import { randomBytes } from "node:crypto";

/** DER: tag, length, content. */
function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  const length = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, content]);
}

/** sha256 (2.16.840.1.101.3.4.2.1) with NULL parameters. */
const SHA256_ALGORITHM = tlv(0x30, Buffer.concat([Buffer.from("0609608648016503040201", "hex"), Buffer.from([0x05, 0x00])]));

/** A TimeStampReq for a sha256 digest: version 1, the message imprint, a nonce, and the TSA's certificate asked for. */
export function timestampQuery(digest: Buffer, nonce: Buffer = randomBytes(8)): Buffer {
  if (digest.length !== 32) throw new Error("a sha256 digest is 32 bytes");
  const positiveNonce = nonce[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), nonce]) : nonce;
  return tlv(
    0x30,
    Buffer.concat([tlv(0x02, Buffer.from([1])), tlv(0x30, Buffer.concat([SHA256_ALGORITHM, tlv(0x04, digest)])), tlv(0x02, positiveNonce), tlv(0x01, Buffer.from([0xff]))]),
  );
}

/** One DER element at `offset`: its tag, where its content starts and ends. */
function element(der: Buffer, offset: number): { tag: number; start: number; end: number } {
  const tag = der[offset]!;
  let len = der[offset + 1]!;
  let start = offset + 2;
  if (len & 0x80) {
    const bytes = len & 0x7f;
    if (bytes === 0 || bytes > 4) throw new Error("not DER");
    len = 0;
    for (let i = 0; i < bytes; i++) len = len * 256 + der[start + i]!;
    start += bytes;
  }
  if (start + len > der.length) throw new Error("not DER: truncated");
  return { tag, start, end: start + len };
}

/** Why a TSA's reply is not a timestamp of `digest`, or null when it is one (granted, and naming that digest). */
export function timestampReplyProblem(reply: Buffer, digest: Buffer): string | null {
  try {
    const resp = element(reply, 0);
    if (resp.tag !== 0x30 || resp.end !== reply.length) return "the reply is not a timestamp response";
    const statusInfo = element(reply, resp.start);
    const status = element(reply, statusInfo.start);
    if (status.tag !== 0x02) return "the reply has no status";
    const value = reply[status.end - 1]!;
    if (value !== 0 && value !== 1) return `the authority refused (status ${value})`;
    if (statusInfo.end >= resp.end) return "the reply carries no timestamp token";
    if (reply.indexOf(digest, statusInfo.end) < 0) return "the timestamp is not of this signature";
    return null;
  } catch {
    return "the reply is not a timestamp response";
  }
}
