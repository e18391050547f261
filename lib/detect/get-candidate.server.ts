// One candidate, and the refusal for deciding one twice.
import type { ChangeCandidate } from "@prisma/client";
import { db } from "../db.server";
import { DomainError } from "../errors";

export async function getCandidateOrThrow(id: string): Promise<ChangeCandidate> {
  const c = await db.changeCandidate.findUnique({ where: { id } });
  if (!c) throw new DomainError("not_found", "no such candidate");
  return c;
}

/** The 409 for a candidate someone decided first. */
export function alreadyDecidedError(c: ChangeCandidate): DomainError {
  return new DomainError("conflict", `this candidate was already ${c.status === "ACCEPTED" ? "accepted" : "dismissed"}`, { details: { status: c.status } });
}
