// POST /api/settings/change-types — { label, key?, description?, damageGradeApplies? }: add a change type (admins)
import { requireCapability } from "@/lib/auth/session.server";
import { getRequestUser, readJson, route } from "@/lib/http/route.server";
import { CreateChangeTypeInput } from "@/lib/settings/settings.schema";
import { createChangeType } from "@/lib/settings/settings.server";

export const POST = route(async (request) => {
  const actor = requireCapability(await getRequestUser(), "settings:manage");
  const input = CreateChangeTypeInput.parse(await readJson(request));
  return Response.json({ changeType: await createChangeType({ input, actor }) }, { status: 201 });
});
