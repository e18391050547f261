// An admin adds a change type (used at once).
import type { SessionUser } from "../auth/session.server";
import { requireCapability } from "../auth/session.server";
import { db } from "../db.server";
import { DomainError } from "../errors";
import { changeTypeKeyOf, CreateChangeTypeInput, toChangeTypeView, type ChangeTypeView } from "./settings.schema";

export async function createChangeType(args: { input: CreateChangeTypeInput; actor: SessionUser }): Promise<ChangeTypeView> {
  requireCapability({ user: args.actor, capability: "settings:manage" });
  const input = CreateChangeTypeInput.parse(args.input);
  const key = input.key ?? changeTypeKeyOf(input.label);
  if (key.length < 2) throw new DomainError("bad_input", "the label gives no usable key; give one explicitly");
  if (await db.changeTypeDef.findUnique({ where: { key } })) throw new DomainError("conflict", `a change type with the key "${key}" exists already`);
  const last = await db.changeTypeDef.findFirst({ orderBy: { sortOrder: "desc" } });
  const created = await db.changeTypeDef.create({
    data: { key, label: input.label, description: input.description, damageGradeApplies: input.damageGradeApplies, sortOrder: (last?.sortOrder ?? 0) + 10 },
  });
  return toChangeTypeView(created);
}
