// Admin settings: the change-type taxonomy and the footprint margin.
import type { SessionUser } from "../auth/session.server";
import { requireCapability } from "../auth/session.server";
import { db, type Tx } from "../db.server";
import { DomainError } from "../errors";
import { changeTypeKeyOf, CreateChangeTypeInput, DEFAULT_FOOTPRINT_BUFFER_M, UpdateChangeTypeInput, UpdateSettingsInput, type ChangeTypeView } from "./settings.schema";

const FOOTPRINT_BUFFER_KEY = "footprintBufferM";

/** Every change type, retired ones included (old changes still need their labels), in display order. */
export async function listChangeTypes(): Promise<ChangeTypeView[]> {
  const rows = await db.changeTypeDef.findMany({ orderBy: [{ sortOrder: "asc" }, { label: "asc" }] });
  return rows.map(({ updatedAt: _u, ...t }) => t);
}

export async function createChangeType(args: { input: CreateChangeTypeInput; actor: SessionUser }): Promise<ChangeTypeView> {
  requireCapability({ user: args.actor, capability: "settings:manage" });
  const input = CreateChangeTypeInput.parse(args.input);
  const key = input.key ?? changeTypeKeyOf(input.label);
  if (key.length < 2) throw new DomainError("bad_input", "the label gives no usable key; give one explicitly");
  if (await db.changeTypeDef.findUnique({ where: { key } })) throw new DomainError("conflict", `a change type with the key "${key}" exists already`);
  const last = await db.changeTypeDef.findFirst({ orderBy: { sortOrder: "desc" } });
  const { updatedAt: _u, ...created } = await db.changeTypeDef.create({
    data: { key, label: input.label, description: input.description, damageGradeApplies: input.damageGradeApplies, sortOrder: (last?.sortOrder ?? 0) + 10 },
  });
  return created;
}

export async function updateChangeType(args: { key: string; input: UpdateChangeTypeInput; actor: SessionUser }): Promise<ChangeTypeView> {
  requireCapability({ user: args.actor, capability: "settings:manage" });
  const input = UpdateChangeTypeInput.parse(args.input);
  const existing = await db.changeTypeDef.findUnique({ where: { key: args.key } });
  if (!existing) throw new DomainError("not_found", `no change type "${args.key}"`);
  if (input.active === false && (await db.changeTypeDef.count({ where: { active: true, key: { not: args.key } } })) === 0) {
    throw new DomainError("conflict", "at least one change type must stay in use");
  }
  const { updatedAt: _u, ...updated } = await db.changeTypeDef.update({
    where: { key: args.key },
    data: Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
  });
  return updated;
}

/** Metres a change may reach beyond its site's footprint. */
export async function getFootprintBufferM(tx: Tx = db): Promise<number> {
  const row = await tx.appSetting.findUnique({ where: { key: FOOTPRINT_BUFFER_KEY } });
  const value = row ? Number(JSON.parse(row.value)) : NaN;
  return Number.isFinite(value) ? value : DEFAULT_FOOTPRINT_BUFFER_M;
}

export async function updateSettings(args: { input: UpdateSettingsInput; actor: SessionUser }): Promise<{ footprintBufferM: number }> {
  requireCapability({ user: args.actor, capability: "settings:manage" });
  const { footprintBufferM } = UpdateSettingsInput.parse(args.input);
  await db.appSetting.upsert({
    where: { key: FOOTPRINT_BUFFER_KEY },
    create: { key: FOOTPRINT_BUFFER_KEY, value: JSON.stringify(footprintBufferM), updatedById: args.actor.id },
    update: { value: JSON.stringify(footprintBufferM), updatedById: args.actor.id },
  });
  return { footprintBufferM };
}
