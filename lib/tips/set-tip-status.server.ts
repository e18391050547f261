// An editor marks a tip read, acted on or discarded.
import { requireCapability, type SessionUser } from "../auth/session.server";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { TipStatusInput } from "./tip.schema";

/** Sets the status of tip `id` (`input` parsed with TipStatusInput); needs review:queue. */
export async function setTipStatus({ user, id, input }: { user: SessionUser | null; id: string; input: unknown }): Promise<void> {
  requireCapability({ user: user, capability: "review:queue" });
  const { status } = TipStatusInput.parse(input);
  const r = await db.tip.updateMany({ where: { id }, data: { status } });
  if (r.count === 0) throw new DomainError("not_found", "no such tip");
}
