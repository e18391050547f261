// POST /api/admin/users/:id/deactivate — {} → the account cannot sign in and every session of it ends at once (409 for the last active admin or yourself)
import { EmptyInput } from "@/lib/accounts/account.schema";
import { deactivateUser } from "@/lib/accounts/deactivate-user.server";
import { readJsonLimited, route } from "@/lib/http/route.server";

type Ctx = { params: Promise<{ id: string }> };

export const POST = route<Ctx>("user:manage", async (request, ctx, actor) => {
  EmptyInput.parse(await readJsonLimited({ request, maxBytes: 16 * 1024 }));
  return Response.json(await deactivateUser({ actor, userId: (await ctx.params).id }));
});
