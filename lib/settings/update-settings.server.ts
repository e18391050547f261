// An admin changes the settings (the footprint margin).
import type { SessionUser } from "../auth/session.server";
import { requireCapability } from "../auth/session.server";
import { db } from "../db.server";
import { FOOTPRINT_BUFFER_KEY, UpdateSettingsInput } from "./settings.schema";

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
