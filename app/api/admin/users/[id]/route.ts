// PATCH /api/admin/users/:id — { role } changes a person's role (409 for the last active admin)
import { ChangeRoleInput } from "@/lib/accounts/account.schema";
import { changeUserRole } from "@/lib/accounts/change-user-role.server";
import { readJsonLimited, route } from "@/lib/http/route.server";

type Ctx = { params: Promise<{ id: string }> };

export const PATCH = route<Ctx>("user:manage", async (request, ctx, actor) => {
  const input = ChangeRoleInput.parse(await readJsonLimited({ request, maxBytes: 16 * 1024 }));
  return Response.json({ user: await changeUserRole({ actor, userId: (await ctx.params).id, input }) });
});
