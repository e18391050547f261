// PATCH /api/settings/change-types/:key — rename, describe, set whether a damage grade applies, retire or restore (admins)
import { requireCapability } from "@/lib/auth/session.server";
import { getRequestUser, readJson, route } from "@/lib/http/route.server";
import { UpdateChangeTypeInput } from "@/lib/settings/settings.schema";
import { updateChangeType } from "@/lib/settings/settings.server";

export const PATCH = route<{ params: Promise<{ key: string }> }>(async (request, { params }) => {
  const actor = requireCapability(await getRequestUser(), "settings:manage");
  const input = UpdateChangeTypeInput.parse(await readJson(request));
  return Response.json({ changeType: await updateChangeType({ key: (await params).key, input, actor }) });
});
