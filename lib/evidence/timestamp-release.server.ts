// Asks the timestamping authority (SITEWATCH_TSA_URL) to timestamp a release's
// signature and keeps its reply (ReleaseTimestamp). Run right after publishing,
// outside the transaction (a slow authority never holds the database); a
// release the authority could not timestamp is timestamped later with
// `sitewatch release timestamp SLUG N`.
import { createHash } from "node:crypto";
import { config } from "../config.server";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { timestampQuery, timestampReplyProblem } from "./timestamp";

const TSA_TIMEOUT_MS = 15_000;

export async function timestampRelease({ releaseId }: { releaseId: string }): Promise<{ tsaUrl: string; bytes: number }> {
  const tsaUrl = config.tsaUrl;
  if (!tsaUrl) throw new DomainError("unavailable", "no timestamping authority is configured (SITEWATCH_TSA_URL)");
  const release = await db.release.findUniqueOrThrow({ where: { id: releaseId }, select: { signature: true, number: true } });
  if (!release.signature) throw new DomainError("unprocessable", `release ${release.number} is not signed: there is nothing to timestamp`);
  const existing = await db.releaseTimestamp.findUnique({ where: { releaseId } });
  if (existing) return { tsaUrl: existing.tsaUrl, bytes: existing.reply.length };
  const digest = createHash("sha256").update(Buffer.from(release.signature, "base64")).digest();
  const response = await fetch(tsaUrl, {
    method: "POST",
    headers: { "Content-Type": "application/timestamp-query" },
    body: new Uint8Array(timestampQuery(digest)),
    signal: AbortSignal.timeout(TSA_TIMEOUT_MS),
  }).catch((e: Error) => {
    throw new DomainError("unavailable", `the timestamping authority ${tsaUrl} could not be reached (${e.message})`);
  });
  if (!response.ok) throw new DomainError("unavailable", `the timestamping authority ${tsaUrl} answered ${response.status}`);
  const reply = Buffer.from(await response.arrayBuffer());
  const problem = timestampReplyProblem(reply, digest);
  if (problem) throw new DomainError("unavailable", `the timestamping authority ${tsaUrl}: ${problem}`);
  await db.releaseTimestamp.create({ data: { releaseId, tsaUrl, reply: new Uint8Array(reply) } });
  return { tsaUrl, bytes: reply.length };
}
