// PATCH /api/settings/change-types/:key — rename, describe, set whether a damage grade applies, retire or restore (admins)
import { readJson, route } from "@/lib/http/route.server";
import { UpdateChangeTypeInput } from "@/lib/settings/settings.schema";
import { updateChangeType } from "@/lib/settings/update-change-type.server";

export const PATCH = route<{ params: Promise<{ key: string }> }>("settings:manage", async (request, { params }, actor) => {
  const input = UpdateChangeTypeInput.parse(await readJson(request));
  return Response.json({ changeType: await updateChangeType({ key: (await params).key, input, actor }) });
});
