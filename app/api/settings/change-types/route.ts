// POST /api/settings/change-types — { label, key?, description?, damageGradeApplies? }: add a change type (admins)
import { readJson, route } from "@/lib/http/route.server";
import { CreateChangeTypeInput } from "@/lib/settings/settings.schema";
import { createChangeType } from "@/lib/settings/create-change-type.server";

export const POST = route("settings:manage", async (request, _context, actor) => {
  const input = CreateChangeTypeInput.parse(await readJson(request));
  return Response.json({ changeType: await createChangeType({ input, actor }) }, { status: 201 });
});
