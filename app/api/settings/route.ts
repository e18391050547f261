// GET /api/settings — the change-type taxonomy and the footprint margin (signed in); PATCH — { footprintBufferM } (admins)
import { requireCapability } from "@/lib/auth/session.server";
import { getRequestUser, readJson, route } from "@/lib/http/route.server";
import { UpdateSettingsInput } from "@/lib/settings/settings.schema";
import { getFootprintBufferM, listChangeTypes, updateSettings } from "@/lib/settings/settings.server";

export const GET = route(async () => {
  requireCapability(await getRequestUser(), "workspace:read");
  return Response.json({ footprintBufferM: await getFootprintBufferM(), changeTypes: await listChangeTypes() });
});

export const PATCH = route(async (request) => {
  const actor = requireCapability(await getRequestUser(), "settings:manage");
  const input = UpdateSettingsInput.parse(await readJson(request));
  return Response.json(await updateSettings({ input, actor }));
});
