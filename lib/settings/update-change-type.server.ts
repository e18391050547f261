// An admin renames, reorders or retires a change type (retired types stay on the changes that have them).
import type { SessionUser } from "../auth/session.server";
import { requireCapability } from "../auth/session.server";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { toChangeTypeView, UpdateChangeTypeInput, type ChangeTypeView } from "./settings.schema";

export async function updateChangeType(args: { key: string; input: UpdateChangeTypeInput; actor: SessionUser }): Promise<ChangeTypeView> {
  requireCapability({ user: args.actor, capability: "settings:manage" });
  const input = UpdateChangeTypeInput.parse(args.input);
  const existing = await db.changeTypeDef.findUnique({ where: { key: args.key } });
  if (!existing) throw new DomainError("not_found", `no change type "${args.key}"`);
  if (input.active === false && (await db.changeTypeDef.count({ where: { active: true, key: { not: args.key } } })) === 0) {
    throw new DomainError("conflict", "at least one change type must stay in use");
  }
  const updated = await db.changeTypeDef.update({
    where: { key: args.key },
    data: Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
  });
  return toChangeTypeView(updated);
}
