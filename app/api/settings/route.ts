// GET /api/settings — the change-type taxonomy and the footprint margin (signed in); PATCH — { footprintBufferM } (admins)
import { BODY_LIMITS, readJson, route } from "@/lib/http/route.server";
import { UpdateSettingsInput } from "@/lib/settings/settings.schema";
import { getFootprintBufferM } from "@/lib/settings/get-footprint-buffer.server";
import { listChangeTypes } from "@/lib/settings/list-change-types.server";
import { updateSettings } from "@/lib/settings/update-settings.server";

export const GET = route("workspace:read", async () => {
  return Response.json({ footprintBufferM: await getFootprintBufferM(), changeTypes: await listChangeTypes() });
});

export const PATCH = route("settings:manage", async (request, _context, actor) => {
  const input = UpdateSettingsInput.parse(await readJson(request, BODY_LIMITS.text));
  return Response.json(await updateSettings({ input, actor }));
});
